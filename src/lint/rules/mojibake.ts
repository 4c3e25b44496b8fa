import type { Finding } from '../../model.js';
import { findMojibake } from '../mojibake.js';
import type { LintRule } from '../rule.js';

export const mojibakeRule: LintRule = ({ source, lines }) => {
  const findings: Finding[] = [];
  lines.forEach((text, i) => {
    if (!/[^\x00-\x7f]{2}/.test(text)) return;
    for (const hit of findMojibake(text)) {
      findings.push({
        rule: 'mojibake', severity: 'warning', file: source, line: i + 1, fix: hit.fix,
        message: `"${hit.text}" looks like UTF-8 read as ${hit.codePage === 'macintosh' ? 'Mac Roman' : 'Windows-1252'}: replace it with "${hit.fix}"`,
      });
    }
  });
  return findings;
};
