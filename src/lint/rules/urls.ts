import type { Finding } from '../../model.js';
import type { RenderedBody, UrlIssue } from '../../parse/markdown.js';
import { problemText } from '../../parse/urls.js';
import { linkDefects } from '../link-defects.js';
import { isPlaceholder } from '../placeholders.js';
import type { LintInput, LintRule } from '../rule.js';

// Reported elsewhere, once: a URL inside broken link syntax (GFM autolinks the
// half of `[text] (https://…)`) is link-syntax's, a `(INSERT_LINK_HERE)` target is a placeholder.
function reportedElsewhere(u: UrlIssue, body: RenderedBody, input: LintInput): boolean {
  if (isPlaceholder(u.raw, input.config.placeholders)) return true;
  return linkDefects(body).some((d) => u.line >= d.line && u.line <= d.line + (d.text.match(/\n/g)?.length ?? 0) && d.text.includes(u.raw));
}

export const badUrlRule: LintRule = (input) => {
  const { source, body } = input;
  const findings: Finding[] = [];
  for (const issue of body.urlIssues) {
    if (issue.problem === 'page-relative' || issue.problem === 'unresolvable' || reportedElsewhere(issue, body, input)) continue;
    const fix = issue.fix ? `: use ${issue.fix}` : '';
    findings.push({
      rule: 'bad-url', severity: 'error', file: source, line: issue.line, ...(issue.fix ? { fix: issue.fix } : {}),
      message: `${issue.kind} "${issue.raw}": ${problemText[issue.problem]}${fix}`,
    });
  }
  return findings;
};

export const relativeUrlRule: LintRule = (input) =>
  input.body.urlIssues
    .filter((u) => (u.problem === 'page-relative' || u.problem === 'unresolvable') && !reportedElsewhere(u, input.body, input))
    .map((u) => ({
      rule: 'relative-url',
      severity: u.problem === 'unresolvable' ? ('error' as const) : ('warning' as const),
      file: input.source, line: u.line,
      ...(u.fix ? { fix: u.fix } : {}),
      message: u.problem === 'unresolvable'
        ? `${u.kind} "${u.raw}" cannot be resolved to an absolute URL: write it as https://… or /path`
        : `${u.kind} "${u.raw}" is relative to the page: write it root-relative (/images/…) or absolute; resolved as ${u.fix}`,
    }));
