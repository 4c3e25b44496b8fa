import { createHash } from 'node:crypto';

/**
 * Same issue, channel and text → same key, so a retried request (a crash
 * after the server accepted it, a re-run without the ledger) is recognised by
 * the server instead of posting twice.
 */
export function idempotencyKey(issueId: string, channel: string, text: string): string {
  return createHash('sha256').update(`${issueId}\u0000${channel}\u0000${text}`, 'utf8').digest('hex');
}
