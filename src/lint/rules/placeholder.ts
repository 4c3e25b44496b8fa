import type { Finding } from '../../model.js';
import { placeholderPattern } from '../placeholders.js';
import type { LintRule } from '../rule.js';
import { bodyLines } from '../text-lines.js';

export const placeholderRule: LintRule = ({ source, lines, bodyLine, issue, config }) => {
  const findings: Finding[] = [];
  const pattern = placeholderPattern(config.placeholders);
  if (issue) {
    for (const match of issue.title.matchAll(pattern)) {
      if (match[0] === '') continue;
      findings.push({ rule: 'placeholder', severity: 'error', file: source, line: 2, message: `title holds the placeholder "${match[0]}": give the issue its real title` });
      break;
    }
  }
  for (const { text, line } of bodyLines(lines, bodyLine)) {
    for (const match of text.matchAll(pattern)) {
      if (match[0] === '') continue;
      findings.push({
        rule: 'placeholder', severity: 'error', file: source, line,
        message: `placeholder "${match[0]}" left in the text: replace it with the real content or remove it`,
      });
    }
  }
  return findings;
};
