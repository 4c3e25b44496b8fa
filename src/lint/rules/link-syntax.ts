import { linkDefects } from '../link-defects.js';
import type { LintRule } from '../rule.js';

/** Links readers see as raw brackets: each defect once, at its line, with the fix when it is clear. */
export const linkSyntaxRule: LintRule = ({ source, body }) =>
  linkDefects(body).map((d) => ({
    rule: 'link-syntax', severity: 'error', file: source, line: d.line,
    ...(d.fix ? { fix: d.fix } : {}),
    message: d.message,
  }));
