import type { LintRule } from '../rule.js';

export const emptySectionRule: LintRule = ({ source, body }) =>
  body.emptySections.map(({ heading, line }) => ({
    rule: 'empty-section', severity: 'error' as const, file: source, line,
    message: `section "${heading}" is empty: write its content or remove the heading`,
  }));
