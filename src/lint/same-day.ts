// Archive rule `same-day`: two published issues of one language carry the same
// date (to the second). Their feed entries share one atom:updated, readers order
// them arbitrarily, and the W3C feed validator warns (DuplicateUpdated). In the
// XSF archive the only such pair is a copy-paste slip: the German April 2022
// issue is dated like the German March issue, a month before its original.
// A team that does publish twice a day gives each issue a time of day.
import type { Finding, Issue } from '../model.js';
import type { LineOf } from './translations.js';

export function sameDayFindings(issues: readonly Issue[], lineOf: LineOf): Finding[] {
  const byInstant = new Map<string, Issue[]>();
  for (const issue of issues) {
    // Drafts are in no feed; a date that does not parse is the front-matter rule's.
    const instant = Date.parse(issue.updated);
    if (issue.draft || Number.isNaN(instant)) continue;
    const key = `${issue.language.toLowerCase()}|${instant}`;
    byInstant.set(key, [...(byInstant.get(key) ?? []), issue]);
  }
  const findings: Finding[] = [];
  for (const group of byInstant.values()) {
    if (group.length < 2) continue;
    for (const issue of group) {
      const others = group.filter((other) => other !== issue).map((other) => other.source);
      const key = issue.updated === issue.date ? 'date' : '(lastmod|updated|modified)';
      findings.push({
        rule: 'same-day', severity: 'warning', file: issue.source, line: lineOf(issue, key),
        message: `same date and time as ${others.join(', ')} (${issue.updated}, both ${issue.language}): feed readers get two entries updated at the same moment and may order them either way. Is one date a copy-paste slip?`,
        fix: 'correct the date, or give each issue a time of day (`date: 2022-04-05T09:00:00+02:00`)',
      });
    }
  }
  return findings;
}
