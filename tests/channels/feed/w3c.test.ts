// The W3C Feed Validation Service's checker on the feeds the tool writes: the
// whole real XSF archive (Hugo and Pelican eras) in every language INDEX.tsv
// lists, This Week in Rust, the suite's project, and issues written to provoke
// escaping, URL and language mistakes. "Clean"
// is what the online service shows as a valid feed with no recommendation: no
// error and no warning at its default level. Skipped, with a message, where no
// checkout of the validator is at hand (see w3c-validator.ts).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFeedChannel } from '../../../channels/feed/index.js';
import { loadContent } from '../../../src/content.js';
import type { Finding } from '../../../src/model.js';
import { readCorpusIndex } from '../../corpus-index.js';
import { fixtureContent } from '../../fixtures/project.js';
import { corpusDir, makeConfig, makeContext } from './helpers.js';
import { describeEvents, w3c, type W3cEvent } from './w3c-validator.js';

const hugo = path.join(corpusDir, 'xsf/hugo');
const INDEX = existsSync(hugo) ? readCorpusIndex(path.join(corpusDir, 'xsf')).filter((row) => row.file.startsWith('hugo/')) : [];
const LANGUAGES = [...new Set(INDEX.map((row) => row.language))].sort();

interface Rendered { files: string[]; findings: Finding[]; content: string }

/** Loads a content folder as a release does, renders the feed channel and writes its XML feeds to disk. */
async function renderFeeds(contentFrom: string, languages: string[], drop: string[] = []): Promise<Rendered> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'feed-w3c-'));
  const content = path.join(root, 'content');
  mkdirSync(content);
  cpSync(contentFrom, content, { recursive: true });
  for (const file of drop) rmSync(path.join(root, file));
  const config = makeConfig([`  languages: [${languages.join(', ')}]`, '  timezone: Europe/Berlin', 'content: content'].join('\n'), root);
  const { issues, findings } = loadContent(config);
  const result = await createFeedChannel().render(issues[issues.length - 1], makeContext(issues, { config, raw: { limit: 1000 } }));
  const files: string[] = [];
  for (const artifact of result.artifacts.filter((a) => a.path.endsWith('.xml'))) {
    const file = path.join(root, 'out', artifact.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, artifact.content);
    files.push(file);
  }
  return { files, findings, content };
}

/** `atom.de.xml` → de; the feeds without a suffix are the site language's. */
const feedLanguage = (file: string): string => /\.([a-z]{2,3}(?:-[a-z0-9]+)?)\.xml$/i.exec(path.basename(file))?.[1] ?? 'en';

describe.skipIf(!w3c.available)('the W3C feed validator', () => {
  describe.skipIf(INDEX.length === 0)('on the whole XSF archive', () => {
    it('warns only where lint warns too (same-day), and about nothing once those issues are left out', async () => {
      const archive = await renderFeeds(hugo, LANGUAGES);
      // One Atom and one RSS feed per language the index lists.
      expect(archive.files.map((f) => path.basename(f)).sort()).toEqual(
        LANGUAGES.flatMap((l) => (l === 'en' ? ['atom.xml', 'rss.xml'] : [`atom.${l}.xml`, `rss.${l}.xml`])).sort(),
      );
      // The same-day pairs lint must find are the index's: one language, one front-matter date.
      const byDay = new Map<string, string[]>();
      for (const row of INDEX.filter((r) => r.kind === 'final')) {
        const key = `${row.language.toLowerCase()} ${row.date.trim()}`;
        byDay.set(key, [...(byDay.get(key) ?? []), row.file.replace(/^hugo\//, 'content/')]);
      }
      const pairs = [...byDay.values()].filter((files) => files.length > 1).flat().sort();
      const sameDay = archive.findings.filter((f) => f.rule === 'same-day');
      expect(sameDay.map((f) => f.file).sort()).toEqual(pairs);

      const report = w3c.validate(archive.files);
      const flagged = new Set(INDEX.filter((r) => pairs.includes(r.file.replace(/^hugo\//, 'content/'))).map((r) => r.language));
      const unexplained: Record<string, W3cEvent[]> = {};
      for (const [file, events] of Object.entries(report)) {
        unexplained[file] = events.filter((e) => !(e.type === 'DuplicateUpdated' && flagged.has(feedLanguage(file))));
      }
      expect(describeEvents(unexplained)).toBe('');

      // With the issues lint flagged left out, nothing at all.
      const cleaned = await renderFeeds(hugo, LANGUAGES, pairs);
      expect(describeEvents(w3c.validate(cleaned.files))).toBe('');
    }, 300_000);
  });

  it.skipIf(!existsSync(path.join(corpusDir, 'xsf/pelican')))('finds nothing in the feeds of the Pelican-era XSF archive and of This Week in Rust', async () => {
    const pelicanRows = readCorpusIndex(path.join(corpusDir, 'xsf')).filter((row) => row.file.startsWith('pelican/'));
    const pelican = await renderFeeds(path.join(corpusDir, 'xsf/pelican'), [...new Set(pelicanRows.map((r) => r.language))].sort());
    // Every published Pelican issue INDEX.tsv lists is an entry.
    const entries = pelican.files.filter((f) => path.basename(f).startsWith('atom')).map((f) => readFileSync(f, 'utf8').split('<entry').length - 1);
    expect(entries.reduce((a, b) => a + b, 0)).toBe(pelicanRows.filter((r) => r.kind !== 'draft').length);
    const feeds = [...pelican.files];
    const twir = path.join(corpusDir, 'twir');
    if (existsSync(twir)) feeds.push(...(await renderFeeds(twir, ['en'])).files);
    expect(describeEvents(w3c.validate(feeds))).toBe('');
  });

  it('finds nothing in the feeds of the suite\'s project (the example\'s two issues)', async () => {
    const project = await renderFeeds(fixtureContent, ['en']);
    expect(project.files.map((f) => path.basename(f)).sort()).toEqual(['atom.xml', 'rss.xml']);
    expect(describeEvents(w3c.validate(project.files))).toBe('');
  });

  it('finds nothing in the feeds of issues written to break them: escaping, ]]>, non-ASCII URLs, RTL, authors with addresses', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'feed-w3c-hostile-'));
    const issue = (name: string, front: string, body: string) => writeFileSync(path.join(dir, name), `---\n${front}\n---\n${body}\n`);
    issue('2024-03-01-news.md', [
      'title: "AT&T Q&A ]]> \\"quotes\\" 5 < 6 — ünïcødé 🚀 עברית"',
      'date: 2024-03-01',
      'authors: ["Tom & Jerry <tj@example.org>", "Zoë", "<solo@example.org>"]',
      'categories: ["C&C", "<script>"]',
      'summary: "a < b && c > d ]]> <iq type=\'get\'/>"',
    ].join('\n'), [
      'Intro with [relative](../02/) and [fragment](#part), <b>raw</b> & stray < signs, ]]> and a control \u0001 char.',
      '',
      '## Part',
      '',
      '![a shot](images/shot.png "title & co") <img src="/img/x.png" alt="x" width="100"> <iframe src="https://example.org/embed"></iframe>',
      '',
      '<script>alert(1)</script><style>p{}</style><a href="javascript:alert(1)">js</a> <a href="//example.org/x?a=1&b=2">proto</a>',
      '',
      '| a | b |', '|---|---|', '| `x < y` | **z** |',
      '',
      '```xml', '<feed xmlns="http://www.w3.org/2005/Atom"/>', '```',
      '',
      '- [x] done', '- nested', '  1. one [xmpp](xmpp:council@muc.xmpp.org?join) [mail](mailto:a@example.org) [ünï](https://bücher.example/straße?q=ä)',
    ].join('\n'));
    issue('2024-03-01-news.de.md', 'title: "Grüße & „Zitate“"\ndate: 2024-03-02', 'Auf Deutsch: Grüße <i>und</i> „Zitate“.');
    issue('2024-02-01-older.md', 'title: Older\ndate: 2024-02-01T10:00:00+01:00\nlastmod: 2024-03-05T08:00:00Z', 'Updated later.');
    const hostile = await renderFeeds(dir, ['en', 'de']);
    expect(hostile.findings.filter((f) => f.severity === 'error' && f.rule !== 'bad-url'), JSON.stringify(hostile.findings)).toEqual([]);
    expect(hostile.files.map((f) => path.basename(f)).sort()).toEqual(['atom.de.xml', 'atom.xml', 'rss.de.xml', 'rss.xml']);
    expect(describeEvents(w3c.validate(hostile.files))).toBe('');
  });

  it('warns about markup in a title or summary only where lint warns too (title-markup)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'feed-w3c-markup-'));
    writeFileSync(path.join(dir, '2024-03-01-news.md'), '---\ntitle: "<em>Q&amp;A</em> night"\ndate: 2024-03-01\nsummary: "Bring <b>snacks</b>"\n---\nBody.\n');
    writeFileSync(path.join(dir, '2024-03-01-news.de.md'), '---\ntitle: "Fragen &amp; Antworten"\ndate: 2024-03-01\n---\nText.\n');
    const markup = await renderFeeds(dir, ['en', 'de']);
    const flagged = markup.findings.filter((f) => f.rule === 'title-markup').map((f) => `${path.basename(f.file)}:${f.line}`);
    expect(flagged.sort()).toEqual(['2024-03-01-news.de.md:2', '2024-03-01-news.md:2', '2024-03-01-news.md:4']);
    const events = Object.values(w3c.validate(markup.files)).flat();
    expect(events.length).toBeGreaterThan(0);
    // Every one is the validator's "contains HTML" family, which is what the rule reports.
    expect(events.filter((e) => !['ContainsHTML', 'ContainsUndeclaredHTML', 'CharacterData'].includes(e.type))).toEqual([]);
  });
});
