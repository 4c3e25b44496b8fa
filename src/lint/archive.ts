// Rules that need every issue of the content folder (release, preview and
// `publish check --all` load it whole): their findings join the entry of each
// file they name, after the rule settings of `lint.rules`.
import type { Config } from '../config.js';
import type { ContentEntry, Finding } from '../model.js';
import { applyRuleSettings, sortFindings } from './index.js';
import { sameDayFindings } from './same-day.js';
import { frontMatterLine } from './translations.js';

export function withArchiveFindings(entries: readonly ContentEntry[], config: Config, cwd: string): ContentEntry[] {
  const issues = entries.flatMap((e) => (e.issue ? [e.issue] : []));
  const extra = applyRuleSettings(sameDayFindings(issues, frontMatterLine(cwd)), config.lint);
  if (extra.length === 0) return [...entries];
  const byFile = new Map<string, Finding[]>();
  for (const finding of extra) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  return entries.map((entry) => {
    const mine = byFile.get(entry.file);
    return mine ? { file: entry.file, issue: entry.issue, findings: sortFindings([...entry.findings, ...mine]) } : entry;
  });
}
