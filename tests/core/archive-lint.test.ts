// Rules found by running the W3C feed validator over the real archive and over
// hostile issues: `same-day` (two issues of one language at one instant: the
// German April 2022 XSF issue is dated like March) and `title-markup` (HTML or
// character references in a plain-text title or summary). Both are warnings.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { loadConfig } from '../../src/config.js';
import { loadContent } from '../../src/content.js';
import { readCorpusIndex } from '../corpus-index.js';
import { cli, corpusRoot, hasShared, tempDir, xsfConfig } from './helpers.js';

function project(files: Record<string, string>, config = ''): string {
  const dir = tempDir('np-archive-lint-');
  mkdirSync(path.join(dir, 'content'));
  writeFileSync(path.join(dir, 'publish.config.yaml'), `site:\n  url: https://xmpp.org\n  title: T\n  language: en\n  timezone: Europe/Berlin\ncontent: content\n${config}`);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'content', name), text);
  return dir;
}

const issue = (title: string, date: string, extra = '') => `---\ntitle: "${title}"\ndate: ${date}\n${extra}---\n\nBody of ${title}.\n`;

describe('same-day', () => {
  const files = {
    '2022-04-05-newsletter.de.md': issue('Der XMPP Newsletter März 2022', '2022-04-05'),
    '2022-05-05-newsletter.de.md': issue('Der XMPP Newsletter April 2022', '2022-04-05'),
    '2022-04-05-newsletter.md': issue('The XMPP Newsletter March 2022', '2022-04-05'),
    '2022-05-05-newsletter.md': issue('The XMPP Newsletter April 2022', '2022-05-05'),
  };

  it('warns on both issues of one language dated the same instant, naming the other and the date line; never across languages', () => {
    const dir = project(files);
    const { findings } = loadContent(loadConfig(dir));
    const sameDay = findings.filter((f) => f.rule === 'same-day');
    expect(sameDay.map((f) => `${path.basename(f.file)}:${f.line}:${f.severity}`).sort()).toEqual([
      '2022-04-05-newsletter.de.md:3:warning',
      '2022-05-05-newsletter.de.md:3:warning',
    ]);
    expect(sameDay.find((f) => f.file.endsWith('2022-05-05-newsletter.de.md'))?.message).toContain('content/2022-04-05-newsletter.de.md');
  });

  it('is quiet for a time of day, for a draft, and when turned off; `publish check --all` reports it, exit 0', () => {
    const timed = project({ ...files, '2022-05-05-newsletter.de.md': issue('Der XMPP Newsletter April 2022', '2022-04-05T18:00:00+02:00') });
    expect(loadContent(loadConfig(timed)).findings.filter((f) => f.rule === 'same-day')).toEqual([]);
    const draft = project({ ...files, '2022-05-05-newsletter.de.md': issue('Der XMPP Newsletter April 2022', '2022-04-05', 'draft: true\n') });
    expect(loadContent(loadConfig(draft)).findings.filter((f) => f.rule === 'same-day')).toEqual([]);
    const off = project(files, 'lint:\n  rules:\n    same-day: off\n');
    expect(loadContent(loadConfig(off)).findings.filter((f) => f.rule === 'same-day')).toEqual([]);

    const dir = project(files);
    expect(check({ cwd: dir, all: true }).findings.filter((f) => f.rule === 'same-day')).toHaveLength(2);
    const run = cli(['check', '--all'], { cwd: dir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toMatch(/2022-05-05-newsletter\.de\.md:3.*same-day/);
  });
});

describe('title-markup', () => {
  it('warns on HTML tags and character references in the front matter title and summary, at their lines', () => {
    const dir = project({
      '2024-01-05-a.md': issue('<em>Q&amp;A</em> night', '2024-01-05', 'summary: "Bring <b>snacks</b> &#8212; or not"\n'),
      '2024-02-05-b.md': issue('Caf&eacute; &nbsp;time', '2024-02-05'),
    });
    const findings = loadContent(loadConfig(dir)).findings.filter((f) => f.rule === 'title-markup');
    expect(findings.map((f) => `${path.basename(f.file)}:${f.line}:${f.severity}`).sort()).toEqual(['2024-01-05-a.md:2:warning', '2024-01-05-a.md:4:warning', '2024-02-05-b.md:2:warning']);
    expect(findings[0].message).toContain('<em>');
  });

  it('cries no wolf: AT&T, Q&A, XMPP stanzas such as <iq/> and <presence>, 5 < 6 and a summary taken from the body', () => {
    const dir = project({
      '2024-01-05-a.md': issue('AT&T, Q&A and R&D: <iq/>, <presence> and <message type=\'chat\'>, 5 < 6 & 7 > 3', '2024-01-05'),
      '2024-02-05-b.md': '---\ntitle: Plain\ndate: 2024-02-05\n---\n\nThe body says <b>bold</b> &amp; more.\n',
    });
    expect(loadContent(loadConfig(dir)).findings.filter((f) => f.rule === 'title-markup')).toEqual([]);
  });
});

describe.skipIf(!hasShared)('on the real XSF archive', () => {
  const rows = readCorpusIndex(path.join(corpusRoot, 'xsf')).filter((r) => r.file.startsWith('hugo/'));
  const root = tempDir('np-archive-corpus-');
  cpSync(path.join(corpusRoot, 'xsf/hugo'), path.join(root, 'content'), { recursive: true });
  const { findings } = loadContent(xsfConfig(root));
  const flagged = (rule: string) => [...new Set(findings.filter((f) => f.rule === rule).map((f) => f.file.replace(/^content\//, 'hugo/')))].sort();

  it('same-day flags exactly the files INDEX.tsv lists with one language and one front-matter date', () => {
    const byDay = new Map<string, string[]>();
    for (const row of rows.filter((r) => r.kind === 'final')) {
      const key = `${row.language.toLowerCase()} ${row.date.trim()}`;
      byDay.set(key, [...(byDay.get(key) ?? []), row.file]);
    }
    expect(flagged('same-day')).toEqual([...byDay.values()].filter((f) => f.length > 1).flat().sort());
  });

  it('title-markup flags only titles that INDEX.tsv shows with a tag or a character reference', () => {
    const markup = /<\/?(a|b|em|i|strong|span|code|br)\b[^>]*>|&(#[0-9]+|#x[0-9a-f]+|[a-z]+);/i;
    for (const file of flagged('title-markup')) expect(markup.test(rows.find((r) => r.file === file)?.title ?? ''), file).toBe(true);
    for (const row of rows.filter((r) => markup.test(r.title))) expect(flagged('title-markup'), row.file).toContain(row.file);
  });
});
