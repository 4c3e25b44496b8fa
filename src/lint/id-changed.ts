import type { Config } from '../config.js';
import type { Ledger } from '../ledger.js';
import type { Finding, Issue } from '../model.js';

/** DESIGN §3 `id-changed`: a published issue's id or canonical URL must never move. */
export function idChanges(issue: Issue, parsedId: string | undefined, ledger: Ledger, config: Config): Finding[] {
  const pin = ledger.pin(issue.source);
  if (!pin) return [];
  const published = config.channels.some((c) => ledger.published(pin.id, c.name));
  if (!published) return [];
  const findings: Finding[] = [];
  // Same URL but another id: the front-matter `id` was edited (a derived id only moves with the URL).
  if (parsedId !== undefined && parsedId !== pin.id && pin.canonicalUrl === issue.canonicalUrl) {
    findings.push({ rule: 'id-changed', severity: 'error', file: issue.source, line: 1, message: `id changed from ${pin.id} to ${parsedId} after publication: feed readers would show the issue again as new; restore \`id: ${pin.id}\`` });
  }
  if (pin.canonicalUrl !== issue.canonicalUrl) {
    findings.push({ rule: 'id-changed', severity: 'error', file: issue.source, line: 1, message: `canonical URL changed from ${pin.canonicalUrl} to ${issue.canonicalUrl} after publication: links in sent emails and posts would break; restore it, or add the old path to \`aliases\` and keep \`url\`` });
  }
  return findings;
}
