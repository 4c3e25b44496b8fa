import type { Finding } from '../../model.js';
import { problemText } from '../../parse/urls.js';
import type { LintRule } from '../rule.js';
import { bodyLines } from '../text-lines.js';

// `[text](https://example.org/a b)` is not a link in CommonMark: the reader
// sees raw brackets. Same for an unquoted title after the URL.
const SPACED_LINK = /\[[^\]\n]*\]\(\s*([^)\s]+)\s+(?!["'(])([^)\n]+)\)/g;

export const badUrlRule: LintRule = ({ source, body, lines, bodyLine }) => {
  const findings: Finding[] = [];
  for (const issue of body.urlIssues) {
    if (issue.problem === 'page-relative' || issue.problem === 'unresolvable') continue;
    const fix = issue.fix ? `: use ${issue.fix}` : '';
    findings.push({
      rule: 'bad-url', severity: 'error', file: source, line: issue.line, ...(issue.fix ? { fix: issue.fix } : {}),
      message: `${issue.kind} "${issue.raw}": ${problemText[issue.problem]}${fix}`,
    });
  }
  for (const { text, line } of bodyLines(lines, bodyLine)) {
    for (const match of text.matchAll(SPACED_LINK)) {
      findings.push({
        rule: 'bad-url', severity: 'error', file: source, line, fix: match[1],
        message: `link "${match[0].slice(0, 80)}" has a space inside the parentheses, so it is not a link: remove the space or quote the title`,
      });
    }
  }
  return findings;
};

export const relativeUrlRule: LintRule = ({ source, body }) =>
  body.urlIssues
    .filter((u) => u.problem === 'page-relative' || u.problem === 'unresolvable')
    .map((u) => ({
      rule: 'relative-url',
      severity: u.problem === 'unresolvable' ? ('error' as const) : ('warning' as const),
      file: source, line: u.line,
      ...(u.fix ? { fix: u.fix } : {}),
      message: u.problem === 'unresolvable'
        ? `${u.kind} "${u.raw}" cannot be resolved to an absolute URL: write it as https://… or /path`
        : `${u.kind} "${u.raw}" is relative to the page: write it root-relative (/images/…) or absolute; resolved as ${u.fix}`,
    }));
