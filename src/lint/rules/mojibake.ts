import type { Finding } from '../../model.js';
import { findMojibake } from '../mojibake.js';
import type { LintRule } from '../rule.js';

export const mojibakeRule: LintRule = ({ source, lines }) => {
  const findings: Finding[] = [];
  lines.forEach((text, i) => {
    if (!/[^\x00-\x7f]{2}/.test(text)) return;
    for (const hit of findMojibake(text)) {
      // Show the whole word, as an author searches for it: `voil√†` → `voilà`.
      const start = wordStart(text, hit.index);
      const end = wordEnd(text, hit.index + hit.text.length);
      const word = text.slice(start, end);
      const fixed = text.slice(start, hit.index) + hit.fix + text.slice(hit.index + hit.text.length, end);
      findings.push({
        rule: 'mojibake', severity: 'warning', file: source, line: i + 1, fix: fixed,
        message: `"${word}" looks like UTF-8 read as ${hit.codePage === 'macintosh' ? 'Mac Roman' : 'Windows-1252'}: write "${fixed}"`,
      });
    }
  });
  return findings;
};

const WORD = /[\p{L}\p{N}'’-]/u;

function wordStart(text: string, index: number): number {
  let i = index;
  while (i > 0 && WORD.test(text[i - 1])) i--;
  return i;
}

function wordEnd(text: string, index: number): number {
  let i = index;
  while (i < text.length && WORD.test(text[i])) i++;
  return i;
}
