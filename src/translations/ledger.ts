// The ledger's per-set records: a member a channel skips because the set is
// handled another way (the original was posted; a German entry) is recorded
// as settled, so a release does not pick it again, and a later run can tell
// such a record from a real publish.
import type { PublishedRecord } from '../channel.js';
import type { Ledger } from '../ledger.js';
import type { Issue } from '../model.js';

export interface SettledSkip {
  readonly issue: Issue;
  readonly channel: string;
  /** Key of the member's translation set. */
  readonly set: string;
  readonly reason: string;
}

interface SettledReceipt {
  readonly set: string;
  readonly settled: string;
}

/** True when the record is a real publish, not a member settled by its set. */
export function isRealPublish(record: PublishedRecord | undefined): boolean {
  if (!record) return false;
  const receipt = record.receipt as Partial<SettledReceipt> | null;
  return !(receipt && typeof receipt === 'object' && typeof receipt.settled === 'string');
}

/** Why the record is a member settled by its set rather than a publish; undefined for a real publish or no record. */
export function settledReason(record: PublishedRecord | undefined): string | undefined {
  if (!record || isRealPublish(record)) return undefined;
  return (record.receipt as SettledReceipt).settled;
}

export function recordSettled(ledger: Ledger, skips: readonly SettledSkip[], at: string): void {
  for (const skip of skips) {
    if (ledger.published(skip.issue.id, skip.channel)) continue;
    const receipt: SettledReceipt = { set: skip.set, settled: skip.reason };
    ledger.record(skip.issue.id, skip.channel, { at, payloadHash: '', sourceHash: skip.issue.sourceHash, receipt });
  }
}
