import type { Finding } from '../../model.js';
import type { LintRule } from '../rule.js';
import { bodyLines } from '../text-lines.js';

// Tokens editors leave for "fill in later". All-caps bracketed words and
// *_HERE markers are template slots; TBA/TODO/TK/XXX are the classic notes.
const PATTERNS: readonly RegExp[] = [
  /\[[A-Z][A-Z0-9_ ]{2,}\](?!\()/g,
  /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_HERE\b/g,
  /\b(?:TBA|TBD|TODO|FIXME|TK|XXX)\b/g,
];

export const placeholderRule: LintRule = ({ source, lines, bodyLine, issue }) => {
  const findings: Finding[] = [];
  if (issue && /^(TBA|TBD|TODO|XXX|TK)$/i.test(issue.title.trim())) {
    findings.push({ rule: 'placeholder', severity: 'error', file: source, line: 2, message: `title is the placeholder "${issue.title}": give the issue its real title` });
  }
  for (const { text, line } of bodyLines(lines, bodyLine)) {
    for (const pattern of PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        findings.push({
          rule: 'placeholder', severity: 'error', file: source, line,
          message: `placeholder "${match[0]}" left in the text: replace it with the real content or remove it`,
        });
      }
    }
  }
  return findings;
};
