// Translation sets and which members a channel handles, on real corpus files
// (picked through INDEX.tsv) and on hostile hand-written ones.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontMatterLine, translationFindings } from '../../src/lint/translations.js';
import type { Issue } from '../../src/model.js';
import { parseIssueText } from '../../src/parse/issue.js';
import { selectMembers } from '../../src/translations/select.js';
import { buildSets, setLookup } from '../../src/translations/sets.js';
import { localizedTitle } from '../../src/translations/title.js';
import { readCorpusIndex } from '../corpus-index.js';
import { corpusRoot, hasShared, repoRoot, xsfConfig } from '../core/helpers.js';

const config = xsfConfig(repoRoot);
const xsf = path.join(corpusRoot, 'xsf');

function issue(source: string, frontMatter: string, body = 'Hello.\n\n## News\n\nSome news.\n'): Issue {
  const parsed = parseIssueText(`---\n${frontMatter}\n---\n\n${body}`, source, config);
  if (!parsed.issue) throw new Error(`${source} did not parse: ${JSON.stringify(parsed.findings)}`);
  return parsed.issue;
}

/** Every final Hugo file of the corpus under its repository name, parsed. */
function corpusIssues(): Issue[] {
  return readCorpusIndex(xsf).filter((r) => r.kind === 'final' && r.dialect === 'hugo-yaml').map((r) => {
    const parsed = parseIssueText(readFileSync(path.join(xsf, r.file), 'utf8'), `content/${path.basename(r.originalPath)}`, config);
    if (!parsed.issue) throw new Error(`${r.file} did not parse`);
    return parsed.issue;
  });
}

describe('translation sets', () => {
  it('reads a file-name language with subtags or an underscore (pt_BR, zh-Hant-TW) into the set, never as an issue of its own', () => {
    const members = [
      issue('content/2024-05-05-news.md', 'title: News\ndate: 2024-05-05'),
      issue('content/2024-05-05-news.pt_BR.md', 'title: Notícias\ndate: 2024-05-05'),
      issue('content/2024-05-05-news.zh-Hant-TW.md', 'title: 新聞\ndate: 2024-05-05'),
      issue('content/2024-05-05-news.DE.md', 'title: Nachrichten\ndate: 2024-05-05'),
    ];
    expect(members.map((m) => m.language)).toEqual(['en', 'pt-br', 'zh-hant-tw', 'de']);
    const sets = buildSets(members, 'en');
    expect(sets).toHaveLength(1);
    expect(sets[0].languages).toEqual(['en', 'de', 'pt-br', 'zh-hant-tw']);
  });

  it.skipIf(!hasShared)('groups the corpus: every translation that kept the English title joins the English file of that title, even under an irregular file name', () => {
    const rows = readCorpusIndex(xsf).filter((r) => r.kind === 'final' && r.dialect === 'hugo-yaml');
    const issues = corpusIssues();
    const setOf = setLookup(issues, 'en');
    const bySource = new Map(issues.map((i) => [i.source, i]));
    const sourceOf = (r: (typeof rows)[number]) => `content/${path.basename(r.originalPath)}`;
    const englishByTitle = new Map(rows.filter((r) => r.language === 'en').map((r) => [r.title, r]));
    const kept = rows.filter((r) => r.language !== 'en' && englishByTitle.has(r.title));
    expect(kept.length).toBeGreaterThan(10);
    for (const row of kept) {
      expect(setOf(bySource.get(sourceOf(row))!).original?.source, row.file).toBe(sourceOf(englishByTitle.get(row.title)!));
    }
    // No set holds two issues: never two members in one language.
    for (const set of buildSets(issues, 'en')) expect(new Set(set.members.map((m) => m.language)).size, set.key).toBe(set.members.length);
    const august = setOf(bySource.get('content/2024-09-05-newsletter.md')!);
    expect(august.languages).toEqual(['en', ...rows.filter((r) => r.title === 'The XMPP Newsletter August 2024' && r.language !== 'en').map((r) => r.language).sort()]);
    expect(august.translations.every((t) => t.canonicalPath.startsWith(`/${t.language}/`))).toBe(true);
    expect(august.key).toBe(august.original?.id);
  });

  it('joins by translationKey and by a language-prefixed canonical path; keeps unrelated issues apart', () => {
    const en = issue('content/posts/welcome.md', 'title: Welcome home\ndate: 2024-01-05\ntranslationKey: welcome');
    const de = issue('content/de/willkommen.md', 'title: Willkommen\ndate: 2024-01-05\nlang: de\ntranslationKey: welcome');
    const fr = issue('content/fr/bienvenue.md', 'title: Bienvenue\ndate: 2024-01-05\nlang: fr\nurl: /fr/2024/01/welcome/');
    const other = issue('content/posts/other.md', 'title: Other\ndate: 2024-01-05\nurl: /2024/01/other/');
    const byPath = issue('content/posts/welcome-path.md', 'title: Welcome\ndate: 2024-01-05\nurl: /2024/01/welcome/');
    const sets = buildSets([en, de, fr, other, byPath], 'en');
    const keyed = sets.find((s) => s.members.includes(de));
    expect(keyed?.original).toBe(en);
    expect(keyed?.languages).toEqual(['en', 'de']);
    const pathed = sets.find((s) => s.members.includes(fr));
    expect(pathed?.original).toBe(byPath);
    expect(sets.find((s) => s.members.includes(other))?.members).toEqual([other]);
  });

  it('a set without a file in the site language has no original', () => {
    const de = issue('content/2024-01-05-n.de.md', 'title: Neu\ndate: 2024-01-05');
    const fr = issue('content/2024-01-05-n.fr.md', 'title: Nouveau\ndate: 2024-01-05');
    const [set] = buildSets([de, fr], 'en');
    expect(set.original).toBeUndefined();
    expect(set.languages).toEqual(['de', 'fr']);
  });
});

describe('which members a channel handles', () => {
  const en = issue('content/2024-09-05-n.md', 'title: News September\ndate: 2024-09-05');
  const de = issue('content/2024-09-05-n.de.md', 'title: Neues September\ndate: 2024-09-05');
  const fr = issue('content/2024-09-05-n.fr.md', 'title: Nouvelles septembre\ndate: 2024-09-05');
  const it_ = issue('content/2024-09-05-n.it.md', 'title: Notizie settembre\ndate: 2024-09-05');
  const lone = issue('content/2024-10-05-n.md', 'title: News October\ndate: 2024-10-05');
  const setOf = setLookup([en, de, fr, it_, lone], 'en');
  const never = () => false;

  it('a whole-set channel renders the original once for every pending member', () => {
    const s = selectMembers([en, de, fr, lone], setOf, { whole: true }, never);
    expect(s.batches.map((b) => [b.issue.source, b.covers.map((c) => c.language)])).toEqual([
      ['content/2024-09-05-n.md', ['en', 'de', 'fr']],
      ['content/2024-10-05-n.md', ['en']],
    ]);
    // A translation merged later: rendered from the original, covering only itself.
    const late = selectMembers([it_], setOf, { whole: true }, never);
    expect(late.batches).toEqual([{ issue: en, covers: [it_] }]);
  });

  it('a per-member channel posts the original only; the translations are skipped and settled', () => {
    const s = selectMembers([en, de, fr], setOf, { whole: false }, never);
    expect(s.batches.map((b) => b.issue)).toEqual([en]);
    expect(s.skipped.map((k) => [k.issue.language, k.settled])).toEqual([['de', true], ['fr', true]]);
    expect(s.skipped[0].reason).toContain('posts the original only');
  });

  it('an entry with languages posts its first listed language the set has, never two members of one set', () => {
    const german = selectMembers([en, de, fr, lone], setOf, { whole: false, languages: ['de'] }, never);
    expect(german.batches.map((b) => b.issue)).toEqual([de]);
    // The October issue has no German member: nothing for this entry.
    expect(german.skipped.map((k) => k.issue.source)).toContain('content/2024-10-05-n.md');
    const either = selectMembers([fr], setOf, { whole: false, languages: ['es', 'fr'] }, never);
    expect(either.batches.map((b) => b.issue)).toEqual([fr]);
    // fr already posted by this entry: de arriving later (now preferred) is not posted as well.
    const later = selectMembers([de], setOf, { whole: false, languages: ['de', 'fr'] }, (i) => i === fr);
    expect(later.batches).toEqual([]);
    expect(later.skipped[0].reason).toContain('one post per set');
  });
});

describe('translation lint rules', () => {
  const lineOf = () => 2;
  it('a missing original, two files claiming one language, a 61-day gap and a kept title are findings with file and line', () => {
    const en = issue('content/2024-09-05-n.md', 'title: News September\ndate: 2024-09-05');
    const de = issue('content/2024-09-05-n.de.md', 'title: News September\ndate: 2024-09-05');
    const de2 = issue('content/de/2024-09-05-n.md', 'title: Neues\ndate: 2024-09-05\nlang: de\nurl: /de/2024/09/news-september/');
    const fr = issue('content/2024-09-05-n.fr.md', 'title: Nouvelles\ndate: 2024-11-06');
    const orphan = issue('content/2023-01-05-x.es.md', 'title: Noticias\ndate: 2023-01-05');
    const findings = translationFindings([en, de, de2, fr, orphan], 'en', lineOf);
    const summary = findings.map((f) => [f.rule, f.file, f.severity]);
    expect(summary).toEqual(expect.arrayContaining([
      ['translation-title', 'content/2024-09-05-n.de.md', 'warning'],
      ['translation-date', 'content/2024-09-05-n.fr.md', 'warning'],
      ['translation-original', 'content/2023-01-05-x.es.md', 'warning'],
    ]));
    expect(findings.filter((f) => f.rule === 'translation-language')).toHaveLength(1);
    expect(findings.every((f) => f.line >= 1)).toBe(true);
    // 60 days apart is still fine.
    const close = issue('content/2024-09-05-n.fr.md', 'title: Nouvelles\ndate: 2024-11-04');
    expect(translationFindings([en, close], 'en', lineOf).filter((f) => f.rule === 'translation-date')).toEqual([]);
  });

  it('reports the front-matter line of the key', () => {
    const en = issue('tests/fixtures/xmpp-newsletter/content/2020-11-05-newsletter.md', 'title: T\ndate: 2020-11-05');
    expect(frontMatterLine(repoRoot)(en, 'date')).toBeGreaterThan(1);
  });

  it('a translation that kept the original title gets the localized newsletter name when there is one', () => {
    const en = issue('content/2024-09-05-n.md', 'title: The XMPP Newsletter August 2024\ndate: 2024-09-05');
    const de = issue('content/2024-09-05-n.de.md', 'title: The XMPP Newsletter August 2024\ndate: 2024-09-05');
    const set = setLookup([en, de], 'en')(de);
    expect(localizedTitle(de, set, 'The XMPP Newsletter', (l) => (l === 'de' ? 'Der XMPP-Newsletter' : undefined))).toBe('Der XMPP-Newsletter August 2024');
    expect(localizedTitle(de, set, 'The XMPP Newsletter', () => undefined)).toBe('The XMPP Newsletter August 2024');
    expect(localizedTitle(en, set, 'The XMPP Newsletter', () => 'Der XMPP-Newsletter')).toBe('The XMPP Newsletter August 2024');
  });
});
