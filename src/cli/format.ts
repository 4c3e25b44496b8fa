import type { Finding } from '../model.js';
import type { Outcome } from '../release.js';

export function formatFinding(f: Finding): string {
  const where = f.line > 0 ? `${f.file}:${f.line}` : f.file;
  return `${where}: ${f.severity} ${f.rule}: ${f.message}`;
}

export function summariseFindings(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

const MARK: Record<Outcome['status'], string> = { published: 'ok  ', rendered: 'ok  ', skipped: 'skip', failed: 'FAIL', blocked: 'BLCK' };

/** One aligned line; `width` is the longest channel name of the run, so every column lines up. */
export function formatOutcome(o: Outcome, width = 9): string {
  return `${MARK[o.status]} ${o.channel.padEnd(width)} ${(o.issue ?? '(site)').padEnd(36)} ${o.status}: ${o.detail}`;
}
