// Link recall and placeholder precision on the real corpus: every defect below
// was checked by hand in the file (what readers see as raw brackets), and each
// must be reported exactly once, at its line. No finished issue may raise a
// placeholder finding: `[DE]`, `[PT_BR]`, `[XFS]` are tags, not slots.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/content.js';
import { parseIssueText } from '../../src/parse/issue.js';
import { lintParsed } from '../../src/lint/index.js';
import { readCorpusIndex } from '../corpus-index.js';
import { corpusRoot, hasShared, repoRoot, xsfConfig } from './helpers.js';

const xsf = path.join(corpusRoot, 'xsf');

// [file under corpus/xsf, line, rule, what the reader sees]
const defects: Array<[string, number, string, RegExp]> = [
  ['hugo/2018-06-01_the-xmpp-newsletter-1-june-2018.en.md', 84, 'link-syntax', /"\(\(": remove one/],
  ['hugo/2020-03-15_everyone-go-for-decentralisation-03-apr-2020.en.md', 61, 'link-syntax', /text after the URL.*XEP-0384/],
  ['pelican/2020-03-15_everyone-go-for-decentralisation-03-apr-2020.en.md', 60, 'link-syntax', /text after the URL.*XEP-0384/],
  ['hugo/2021-09-05_the-xmpp-newsletter-august-2021.en.md', 54, 'link-syntax', /unbalanced brackets/],
  ['hugo/2022-05-05_the-xmpp-newsletter-april-2022.es.md', 93, 'link-syntax', /unbalanced brackets/],
  ['hugo/2022-09-05_the-xmpp-newsletter-august-2022.de.md', 83, 'link-syntax', /text after the URL/],
  ['hugo/2023-07-07_the-xmpp-newsletter-june-july-2023.en.md', 52, 'link-syntax', /has no URL/],
  ['hugo/2023-07-07_the-xmpp-newsletter-june-july-2023.fr.md', 14, 'link-syntax', /space between "\]" and "\("/],
  ['hugo/2023-07-07_the-xmpp-newsletter-june-july-2023.fr.md', 176, 'link-syntax', /unbalanced brackets.*"\]\]\(/],
  ['hugo/2023-09-05_the-xmpp-newsletter-august-2023.fr.md', 46, 'link-syntax', /\[FOSSY2023\] \(.*space between/],
  ['hugo/2023-09-05_the-xmpp-newsletter-august-2023.fr.md', 51, 'link-syntax', /space between/],
  ['hugo/2023-09-05_the-xmpp-newsletter-august-2023.fr.md', 91, 'link-syntax', /\[MUC Token Invite\] \(/],
  ['hugo/2023-09-05_the-xmpp-newsletter-august-2023.fr.md', 140, 'link-syntax', /\[Flux RSS\] \(/],
  ['hugo/2023-09-05_the-xmpp-newsletter-august-2023.fr.md', 161, 'link-syntax', /unbalanced brackets/],
  ['hugo/2023-10-05_the-xmpp-newsletter-september-2023.fr.md', 91, 'link-syntax', /Snikket.*space between/],
  ['hugo/2024-06-05_the-xmpp-newsletter-may-2024.en.md', 147, 'link-syntax', /address in brackets, not a link/],
  ['hugo/2024-08-05_the-xmpp-newsletter-july-2024.de.md', 21, 'link-syntax', /"\)\]\(https:\/\/wiki\.xmpp\.org/],
  ['hugo/2024-08-05_the-xmpp-newsletter-july-2024.de.md', 26, 'link-syntax', /"\)\]\(https:\/\/wiki\.xmpp\.org/],
  ['hugo/2024-07-05_the-xmpp-newsletter-june-2024.en.md', 157, 'bad-url', /newsletter\/\]".*stray brackets.*use https:\/\/xmpp\.org\/categories\/newsletter\/$/],
];

const LINK_RULES = new Set(['link-syntax', 'bad-url', 'relative-url', 'placeholder']);

describe.skipIf(!hasShared)('link syntax and placeholders over the corpus', () => {
  const config = xsfConfig();

  it('reports each hand-checked defect once, at its line, with its rule', () => {
    expect(defects.length).toBeGreaterThanOrEqual(15);
    const cache = new Map<string, ReturnType<typeof checkFile>>();
    for (const [file, line, rule, message] of defects) {
      const entry = cache.get(file) ?? checkFile(path.join(xsf, file), config, repoRoot);
      cache.set(file, entry);
      const here = entry.findings.filter((f) => f.line === line && LINK_RULES.has(f.rule));
      expect(here, `${file}:${line}`).toHaveLength(1);
      expect(here[0].rule, `${file}:${line}`).toBe(rule);
      expect(here[0].message, `${file}:${line}`).toMatch(message);
    }
  });

  it('no final issue raises a placeholder finding', () => {
    const finals = readCorpusIndex(xsf).filter((r) => r.kind.startsWith('final'));
    expect(finals.length).toBeGreaterThan(100);
    const placeholders = finals.flatMap((row) => checkFile(path.join(xsf, row.file), config, repoRoot).findings.filter((f) => f.rule === 'placeholder'));
    expect(placeholders).toEqual([]);
  });
});

describe('link syntax on small inputs', () => {
  const config = xsfConfig();
  const lint = (body: string) => {
    const parsed = parseIssueText(`---\ntitle: T\ndate: 2024-01-05\n---\n\n${body}\n`, 't.md', config);
    return lintParsed(parsed, 't.md').filter((f) => f.severity === 'error');
  };

  const cases: Array<[string, string, RegExp, string | undefined]> = [
    ['space between', 'See [the post] (https://example.org/a).', /space between/, '[the post](https://example.org/a)'],
    ['broken over a line', 'See [the post]\n(https://example.org/a).', /broken over a line/, '[the post](https://example.org/a)'],
    ['split URL', 'See [news](https://news. jabberfr.org/x).', /space inside its URL/, '[news](https://news.jabberfr.org/x)'],
    ['double bracket', 'See [repo]](https://example.org/r).', /unbalanced brackets/, undefined],
    ['bracketed address', 'Spanish: [xmpp.org/categories/newsletter/]', /address in brackets/, '<https://xmpp.org/categories/newsletter/>'],
    ['undefined reference', 'See [the post][post].', /no definition/, undefined],
    ['bracketed bare URL', 'See [https://example.org/x].', /address in brackets/, '<https://example.org/x>'],
  ];
  for (const [name, body, message, fix] of cases) {
    it(`${name}: one error with line 6 and its fix`, () => {
      const errors = lint(body);
      expect(errors, JSON.stringify(errors)).toHaveLength(1);
      expect(errors[0]).toMatchObject({ rule: 'link-syntax', line: 6 });
      expect(errors[0].message).toMatch(message);
      expect(errors[0].fix).toBe(fix);
    });
  }

  it('leaves real links, language tags, escaped and code brackets alone', () => {
    expect(lint('A [post](https://example.org/a) [DE], [PT_BR] and [XFS]; `[x] (y)`, \\[a\\](b), [video [DE]](https://example.org/v), [ref][r].\n\n[r]: https://example.org/r')).toEqual([]);
  });

  it('INSERT_LINK_HERE is one placeholder finding, not also a relative-url one', () => {
    const parsed = parseIssueText('---\ntitle: T\ndate: 2024-01-05\n---\n\nSee [the thread](INSERT_LINK_HERE) and [CONTRIBUTORS].\n', 't.md', config);
    const findings = lintParsed(parsed, 't.md');
    expect(findings.map((f) => f.rule)).toEqual(['placeholder', 'placeholder']);
  });
});
