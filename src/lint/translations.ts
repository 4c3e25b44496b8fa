// Rules over a translation set (they need the set's other files, so they run
// where the content folder is loaded, not per file):
//   translation-original  a translation whose original (site language) is missing
//   translation-language  two files of one set claim the same language
//   translation-date      a translation dated > 60 days before or after its original
//   translation-title     a translation kept the original's title (subjects and posts
//                         would not say which language they are in)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding, Issue } from '../model.js';
import { buildSets } from '../translations/sets.js';

export const MAX_TRANSLATION_GAP_DAYS = 60;
const DAY_MS = 86_400_000;

/** 1-based line of a front-matter key in the issue's file (1 when it cannot be read). */
export type LineOf = (issue: Issue, key: string) => number;

export function frontMatterLine(root: string): LineOf {
  return (issue, key) => {
    try {
      const lines = readFileSync(path.resolve(root, issue.source), 'utf8').split('\n');
      const index = lines.findIndex((line, i) => i > 0 && new RegExp(`^${key}\\s*:`, 'i').test(line));
      return index >= 0 ? index + 1 : 1;
    } catch {
      return 1;
    }
  };
}

export function translationFindings(issues: readonly Issue[], siteLanguage: string, lineOf: LineOf, hasLocalizedName: (language: string) => boolean = () => false): Finding[] {
  const findings: Finding[] = [];
  for (const set of buildSets(issues, siteLanguage)) {
    const original = set.original;
    // A lone file in the site language is an ordinary issue; a lone file in another is a translation without its original.
    if (set.members.length === 1 && original) continue;
    const claimed = new Map<string, Issue>();
    for (const member of set.members) {
      const first = claimed.get(member.language.toLowerCase());
      if (first) {
        findings.push({
          rule: 'translation-language', severity: 'error', file: member.source, line: 1,
          message: `${member.source} and ${first.source} both claim language "${member.language}" in one translation set: readers of it would get one of them at random`,
          fix: 'give this file its own language (file name suffix or `lang:`), or a translationKey of its own if it is another issue',
        });
      } else {
        claimed.set(member.language.toLowerCase(), member);
      }
    }
    if (!original) {
      for (const member of set.members) {
        findings.push({
          rule: 'translation-original', severity: 'warning', file: member.source, line: 1,
          message: `translation (${member.language}) without its original in the site language (${siteLanguage})`,
          fix: `add the ${siteLanguage} original beside it, or check the file name and translationKey`,
        });
      }
      continue;
    }
    for (const member of set.translations) {
      // Whole days: a summer-time change must not make 60 days 60.04.
      const gap = Math.round(Math.abs(Date.parse(member.date) - Date.parse(original.date)) / DAY_MS);
      if (gap > MAX_TRANSLATION_GAP_DAYS) {
        findings.push({
          rule: 'translation-date', severity: 'warning', file: member.source, line: lineOf(member, 'date'),
          message: `dated ${gap} days ${Date.parse(member.date) > Date.parse(original.date) ? 'after' : 'before'} its original ${original.source}: more than ${MAX_TRANSLATION_GAP_DAYS} days apart, is it the translation of another issue?`,
          fix: 'use the original\'s date, or give it its own translationKey',
        });
      }
      if (member.title === original.title) {
        findings.push({
          rule: 'translation-title', severity: 'warning', file: member.source, line: lineOf(member, 'title'),
          message: `the ${member.language} translation keeps the original's title "${original.title}": its subject and posts will not say they are in ${member.language}${hasLocalizedName(member.language) ? ' (the string table\'s newsletterName is used instead)' : ''}`,
          fix: hasLocalizedName(member.language) ? 'translate the title' : `translate the title, or add newsletterName to templates/strings/${member.language}.yaml`,
        });
      }
    }
  }
  return findings;
}
