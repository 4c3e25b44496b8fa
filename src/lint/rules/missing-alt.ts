import type { LintRule } from '../rule.js';

export const missingAltRule: LintRule = ({ source, body }) =>
  body.images
    .filter((image) => image.alt.trim() === '')
    .map((image) => ({
      rule: 'missing-alt', severity: 'warning' as const, file: source, line: image.line,
      message: `image ${image.src} has no alt text: describe it (![what it shows](…)) for screen readers and blocked-image mail clients`,
    }));
