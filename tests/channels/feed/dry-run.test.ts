// Acceptance: `publish --channel feed --dry-run` on the bundled content (the
// October 2020 issue, plus a November draft) writes the three feeds under out/feed/.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { loadConfig } from '../../../src/config.js';
import { loadContent } from '../../../src/content.js';
import { node, nodes, parseXml, readFeed, text } from './feed-parsers.js';
import { fixtureProject } from '../../fixtures/project.js';

function sink(): { write: (chunk: string) => boolean; text: () => string } {
  let out = '';
  return { write: (chunk: string) => { out += chunk; return true; }, text: () => out };
}

describe('publish --channel feed --dry-run on the bundled content', () => {
  it('writes atom.xml, rss.xml and feed.json with the published issue only, as the content says', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'feed-dry-run-'));
    const stdout = sink();
    const stderr = sink();
    const code = await main({ argv: ['--channel', 'feed', '--dry-run', '--out', out], cwd: fixtureProject, env: {}, stdout, stderr });
    expect(code, stderr.text()).toBe(0);

    const { issues } = loadContent(loadConfig(fixtureProject));
    const published = issues.filter((i) => !i.draft);
    expect(published.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.draft)).toBe(true);
    const newest = published[published.length - 1];

    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { artifacts: Array<{ channel: string; path: string; issue: string | null }> };
    expect(manifest.artifacts.filter((a) => a.channel === 'feed').map((a) => [a.path, a.issue])).toEqual([
      ['feed/atom.xml', null], ['feed/rss.xml', null], ['feed/feed.json', null],
    ]);

    const atomText = readFileSync(path.join(out, 'feed/atom.xml'), 'utf8');
    const rssText = readFileSync(path.join(out, 'feed/rss.xml'), 'utf8');
    const json = JSON.parse(readFileSync(path.join(out, 'feed/feed.json'), 'utf8')) as { version: string; items: Array<Record<string, string>> };

    const atomDoc = parseXml(atomText);
    const entries = nodes(atomDoc, 'feed', 'entry');
    expect(entries).toHaveLength(published.length);
    expect(text(node(entries[0], 'id'))).toBe(newest.id);
    expect(text(node(entries[0], 'published'))).toBe(new Date(newest.date).toISOString().replace('.000Z', 'Z'));
    expect(text(node(atomDoc, 'feed', 'updated'))).toBe(text(node(entries[0], 'updated')));

    const atom = await readFeed(atomText);
    const rss = await readFeed(rssText);
    expect(atom.items[0]).toMatchObject({ id: newest.id, link: newest.canonicalUrl, title: newest.title, content: newest.html });
    expect(rss.items[0]).toMatchObject({ guid: newest.id, link: newest.canonicalUrl, title: newest.title, 'content:encoded': newest.html });
    expect(rss.items[0].isoDate).toBe(new Date(newest.date).toISOString());
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items[0]).toMatchObject({ id: newest.id, url: newest.canonicalUrl, content_html: newest.html });
    expect(stdout.text()).toMatch(/feed: en: \d+ entr/);
  });
});
