// The real XMPP newsletter archive (../shared/corpus/xsf/hugo), parsed by the
// real parser and rendered into every language feed.
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Parser as HtmlParser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { createFeedChannel } from '../../../channels/feed/index.js';
import { isRelativeUrl } from '../../../channels/feed/absolutize.js';
import { loadContent } from '../../../src/content.js';
import { corpusDir } from './helpers.js';
import { nodes, parseXml, readFeed, text } from './feed-parsers.js';
import { makeConfig, makeContext } from './helpers.js';
import { readCorpusIndex } from '../../corpus-index.js';

const hugo = path.join(corpusDir, 'xsf/hugo');
const present = existsSync(hugo);
if (!present) console.warn(`SKIPPED feed corpus tests: ${hugo} is absent (the shared corpus is not on this machine)`);

// Languages and counts come from the corpus's own INDEX.tsv: the corpus grows.
const INDEX = readCorpusIndex(path.join(corpusDir, 'xsf')).filter((row) => row.file.startsWith('hugo/'));
const LANGUAGES = [...new Set(INDEX.map((row) => row.language))].sort();

function corpusConfig() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'feed-corpus-'));
  mkdirSync(path.join(root, 'content'));
  cpSync(hugo, path.join(root, 'content'), { recursive: true });
  return makeConfig([`  languages: [${LANGUAGES.join(', ')}]`, '  timezone: Europe/Berlin', 'content: content'].join('\n'), root);
}

/** Every URL-bearing attribute value in an HTML fragment, parsed as a browser-grade tokenizer would. */
function urlAttributes(html: string): string[] {
  const found: string[] = [];
  const parser = new HtmlParser({
    onopentag: (_name, attrs) => {
      for (const [key, value] of Object.entries(attrs)) {
        if (['href', 'src', 'poster', 'cite', 'action'].includes(key)) found.push(value);
        if (key === 'srcset') found.push(...value.split(',').map((c) => c.trim().split(/\s+/)[0]).filter(Boolean));
      }
    },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return found;
}

describe.skipIf(!present)('feed over the real XMPP newsletter corpus', () => {
  const config = corpusConfig();
  const { issues } = loadContent(config);
  const channel = createFeedChannel();
  const render = () => channel.render(issues[issues.length - 1], makeContext(issues, { config, raw: { limit: 1000 } }));

  it('parses every issue INDEX.tsv lists, in every language it lists', () => {
    expect(INDEX.length).toBeGreaterThan(0);
    expect(issues.length).toBe(INDEX.length);
    expect(new Set(issues.map((i) => i.language))).toEqual(new Set(LANGUAGES));
  });

  it('renders well-formed feeds with a distinct id per entry and every published issue once', async () => {
    const result = await render();
    expect(result.findings?.filter((f) => f.severity === 'error')).toEqual([]);
    const published = issues.filter((i) => !i.draft);
    let total = 0;
    for (const language of LANGUAGES) {
      const suffix = language === 'en' ? '' : `.${language}`;
      const atomText = result.artifacts.find((a) => a.path === `feed/atom${suffix}.xml`)?.content as string;
      const rssText = result.artifacts.find((a) => a.path === `feed/rss${suffix}.xml`)?.content as string;
      const json = JSON.parse(result.artifacts.find((a) => a.path === `feed/feed${suffix}.json`)?.content as string) as { items: Array<{ id: string; content_html: string; url: string }> };
      const atom = parseXml(atomText);
      parseXml(rssText);
      const ids = nodes(atom, 'feed', 'entry').map((e) => text(e.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(json.items.map((i) => i.id));
      const rss = await readFeed(rssText);
      expect(rss.items.map((i) => i.guid)).toEqual(ids);
      expect(ids.length).toBe(published.filter((i) => i.language === language).length);
      total += ids.length;
      for (const item of json.items) expect(item.url).toMatch(/^https:\/\/xmpp\.org\//);
    }
    expect(total).toBe(published.length);
  });

  it('leaves no relative href or src in any entry content, in any format', async () => {
    const result = await render();
    const relative: string[] = [];
    for (const artifact of result.artifacts.filter((a) => a.path.endsWith('.json'))) {
      const json = JSON.parse(artifact.content as string) as { items: Array<{ id: string; content_html: string }> };
      for (const item of json.items) {
        for (const url of urlAttributes(item.content_html)) if (isRelativeUrl(url)) relative.push(`${item.id}: ${url}`);
      }
    }
    for (const artifact of result.artifacts.filter((a) => a.path.includes('atom'))) {
      const feed = await readFeed(artifact.content as string);
      for (const item of feed.items) {
        for (const url of urlAttributes(item.content ?? '')) if (isRelativeUrl(url)) relative.push(`${item.id}: ${url}`);
      }
    }
    expect(relative).toEqual([]);
  });

  it('renders byte-identical feeds the second time', async () => {
    const first = await render();
    const second = await render();
    expect(second.artifacts.map((a) => a.content)).toEqual(first.artifacts.map((a) => a.content));
  });
});
