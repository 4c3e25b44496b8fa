import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/content.js';
import { zonedParts } from '../../src/parse/dates.js';
import { corpusRoot, hasShared, repoRoot, xsfConfig } from './helpers.js';
import { readCorpusIndex, type CorpusRow } from '../corpus-index.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : name.endsWith('.md') ? [full] : [];
  });
}

function readIndex(): CorpusRow[] {
  return readCorpusIndex(path.join(corpusRoot, 'xsf'));
}

describe.skipIf(!hasShared)('the real corpus', () => {
  const config = xsfConfig();

  it('parses every file without an unexpected exception; problems are findings with a rule', () => {
    const files = walk(corpusRoot);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const entry = checkFile(file, config, repoRoot);
      for (const f of entry.findings) {
        expect(f.rule).toMatch(/^[a-z-]+$/);
        expect(f.line).toBeGreaterThanOrEqual(0);
      }
      if (!entry.issue) expect(entry.findings.some((f) => f.severity === 'error')).toBe(true);
      else {
        expect(entry.issue.canonicalUrl).toMatch(/^https:\/\/xmpp\.org\//);
        expect(entry.issue.html).not.toMatch(/<script|javascript:/i);
        expect(entry.issue.html).not.toMatch(/(href|src)="(?!https?:|mailto:|xmpp:)/);
      }
    }
  });

  it('reads the title and date every final issue shows on the site (INDEX.tsv)', () => {
    const rows = readIndex().filter((r) => r.kind.startsWith('final') && r.date !== '');
    expect(rows.length).toBeGreaterThan(90);
    for (const row of rows) {
      const entry = checkFile(path.join(corpusRoot, 'xsf', row.file), config, repoRoot);
      expect(entry.issue, row.file).toBeDefined();
      expect(entry.issue!.title, row.file).toBe(row.title);
      const { year, month, day } = zonedParts(entry.issue!.date, 'Europe/Berlin');
      expect(`${year}-${month}-${day}`, row.file).toBe(row.date.slice(0, 10));
      expect(entry.issue!.language, row.file).toBe(row.language);
    }
  });

  // What readers saw: Pelican `url:`/`save_as:` paths of the old site, Hugo aliases
  // that redirect there, Pelican one-digit hours, authors written "A, B".
  const expectations: Array<[string, Partial<{ url: string; date: string; authors: string[]; title: string }>]> = [
    ['pelican/2019-05-03_the-xmpp-newsletter-3-may-2019.en.md', { date: '2019-05-03T07:00:00.000Z' }],
    ['pelican/2020-11-05_the-xmpp-newsletter-october-2020.en.md', { url: 'https://xmpp.org/2020/10/newsletter-10-october/' }],
    ['hugo/2020-11-05_the-xmpp-newsletter-october-2020.en.md', { url: 'https://xmpp.org/2020/10/newsletter-10-october/', date: '2020-11-04T23:00:00.000Z', authors: ['emus'] }],
    ['pelican/2020-12-09_the-xmpp-newsletter-november-2020.en.md', { url: 'https://xmpp.org/2020/11/newsletter-11-november/' }],
    ['pelican/2021-04-05_the-xmpp-newsletter-march-2021.en.md', { url: 'https://xmpp.org/2021/03/newsletter-03-march/', date: '2021-04-05T16:00:00.000Z' }],
    ['pelican/2021-02-05_the-xmpp-newsletter-january-2021.en.md', { url: 'https://xmpp.org/2021/01/newsletter-01-january/' }],
    ['pelican/2021-03-05_the-xmpp-newsletter-february-2021.en.md', { url: 'https://xmpp.org/2021/02/newsletter-02-feburary/' }],
    ['pelican/2021-05-05_the-xmpp-newsletter-april-2021.en.md', { url: 'https://xmpp.org/2021/04/newsletter-04-april/' }],
    ['pelican/2021-06-05_the-xmpp-newsletter-may-2021.en.md', { url: 'https://xmpp.org/2021/05/newsletter-05-may/' }],
    ['pelican/2020-09-06_xmpp-bites-into-the-apple.en.md', { url: 'https://xmpp.org/2020/09/newsletter-09-september/' }],
    ['pelican/2019-06-28_the-xmpp-newsletter-28-june-2019.en.md', { url: 'https://xmpp.org/2019/06/newsletter-28-june/', date: '2019-06-28T12:00:00.000Z' }],
  ];
  for (const [file, want] of expectations) {
    it(`shows ${file} as the site did`, () => {
      const entry = checkFile(path.join(corpusRoot, 'xsf', file), config, repoRoot);
      expect(entry.issue).toBeDefined();
      if (want.url) expect(entry.issue!.canonicalUrl).toBe(want.url);
      if (want.date) expect(entry.issue!.date).toBe(want.date);
      if (want.authors) expect(entry.issue!.authors).toEqual(want.authors);
    });
  }

  it('splits "A, B" authors, keeps xmpp: URIs, turns figure shortcodes into figures', () => {
    const rows = walk(path.join(corpusRoot, 'xsf')).map((f) => checkFile(f, config, repoRoot)).flatMap((e) => (e.issue ? [e.issue] : []));
    expect(rows.some((i) => i.authors.length === 2 && i.authors.includes('Seve') && i.authors.includes('jcbrand'))).toBe(true);
    expect(rows.some((i) => i.links.some((l) => l.href.startsWith('xmpp:')))).toBe(true);
    const nov2022 = rows.find((i) => i.source.includes('hugo/2022-12-05_the-xmpp-newsletter-november-2022.en'))!;
    expect(nov2022.html).toContain('<figure><img src="https://xmpp.org/images/newsletter/2022-12-05/ejabberdturns20.png" alt="ejabberd turns 20"');
    expect(nov2022.html).toContain('<figcaption>ejabberd turns 20</figcaption>');
    expect(nov2022.images.map((i) => i.src)).toContain('https://xmpp.org/images/newsletter/2022-12-05/ejabberdturns20.png');
    expect(nov2022.html).not.toContain('{{<');
  });

  it('reports the scheme-less and dotless links of the drafts as bad-url with a fix', () => {
    const draft = checkFile(path.join(corpusRoot, 'xsf/drafts/2020-10-05_draft-initial-tba.en.md'), config, repoRoot);
    expect(draft.findings.find((f) => f.rule === 'bad-url')?.fix).toBe('https://news.jabberfr.org/category/newsletter/');
    expect(draft.findings.some((f) => f.rule === 'placeholder' && /TBA/.test(f.message))).toBe(true);
  });

  it('parses This Week in Rust metadata without fences and drops its HTML comments', () => {
    const twir = checkFile(path.join(corpusRoot, 'twir/2023-08-02-this-week-in-rust-506.en.md'), config, repoRoot);
    expect(twir.issue?.title).toBe('This Week in Rust 506');
    expect(twir.issue?.dialect).toBe('plain');
    expect(twir.issue?.html).not.toContain('Dear community contributors');
    expect(twir.findings.filter((f) => f.rule === 'placeholder')).toEqual([]);
  });
});
