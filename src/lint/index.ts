// `publish check`: every rule that needs no channel. Channel rules
// (email-size, announcement-length) come from each channel's render step.
import type { Finding } from '../model.js';
import type { IssueParse } from '../parse/issue.js';
import type { LintRule } from './rule.js';
import { badUrlRule, relativeUrlRule } from './rules/urls.js';
import { editorNoteRule } from './rules/editor-note.js';
import { emptySectionRule } from './rules/empty-section.js';
import { missingAltRule } from './rules/missing-alt.js';
import { mojibakeRule } from './rules/mojibake.js';
import { placeholderRule } from './rules/placeholder.js';

export const rules: Readonly<Record<string, LintRule>> = {
  placeholder: placeholderRule,
  'editor-note': editorNoteRule,
  'empty-section': emptySectionRule,
  mojibake: mojibakeRule,
  'bad-url': badUrlRule,
  'relative-url': relativeUrlRule,
  'missing-alt': missingAltRule,
};

export function lintParsed(parsed: IssueParse, source: string): Finding[] {
  const findings = [...parsed.findings];
  if (parsed.body && parsed.lines && parsed.bodyLine) {
    const input = { source, issue: parsed.issue, body: parsed.body, lines: parsed.lines, bodyLine: parsed.bodyLine };
    for (const rule of Object.values(rules)) findings.push(...rule(input));
  }
  return sortFindings(findings);
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  // Code-unit order, not localeCompare: stable across machines and no ICU collator at start-up.
  const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return [...findings].sort((a, b) => compare(a.file, b.file) || a.line - b.line || compare(a.rule, b.rule));
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
