// `publish check`: every rule that needs no channel. Channel rules
// (email-size, announcement-length) come from each channel's render step.
import type { LintConfig } from '../config.js';
import type { Finding } from '../model.js';
import type { IssueParse } from '../parse/issue.js';
import type { LintRule } from './rule.js';
import { badUrlRule, relativeUrlRule } from './rules/urls.js';
import { linkSyntaxRule } from './rules/link-syntax.js';
import { editorNoteRule } from './rules/editor-note.js';
import { emptySectionRule } from './rules/empty-section.js';
import { missingAltRule } from './rules/missing-alt.js';
import { mojibakeRule } from './rules/mojibake.js';
import { placeholderRule } from './rules/placeholder.js';
import { titleMarkupRule } from './rules/title-markup.js';

export const rules: Readonly<Record<string, LintRule>> = {
  placeholder: placeholderRule,
  'editor-note': editorNoteRule,
  'empty-section': emptySectionRule,
  mojibake: mojibakeRule,
  'bad-url': badUrlRule,
  'relative-url': relativeUrlRule,
  'link-syntax': linkSyntaxRule,
  'missing-alt': missingAltRule,
  'title-markup': titleMarkupRule,
};

const NO_CONFIG: LintConfig = { rules: {} };

export function lintParsed(parsed: IssueParse, source: string, config: LintConfig = NO_CONFIG): Finding[] {
  const findings = [...parsed.findings];
  if (parsed.body && parsed.lines && parsed.bodyLine) {
    const input = { source, issue: parsed.issue, body: parsed.body, lines: parsed.lines, bodyLine: parsed.bodyLine, config };
    for (const [name, rule] of Object.entries(rules)) if (config.rules[name] !== 'off') findings.push(...rule(input));
  }
  return sortFindings(applyRuleSettings(findings, config));
}

/**
 * The project's `lint.rules`: a rule set to `off` is dropped, `warning` or
 * `error` replaces its severity. Also applied to render findings (email-size …).
 * `file` and `front-matter` stay errors: without them there is no issue to publish.
 */
export function applyRuleSettings(findings: readonly Finding[], config: LintConfig = NO_CONFIG): Finding[] {
  return findings.flatMap((f) => {
    const setting = f.rule === 'file' || f.rule === 'front-matter' ? undefined : config.rules[f.rule];
    if (setting === undefined || setting === f.severity) return [f];
    return setting === 'off' ? [] : [{ ...f, severity: setting }];
  });
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  // Code-unit order, not localeCompare: stable across machines and no ICU collator at start-up.
  const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return [...findings].sort((a, b) => compare(a.file, b.file) || a.line - b.line || compare(a.rule, b.rule));
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
