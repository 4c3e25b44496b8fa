// Bluesky record keys for posts must be TIDs: 64 bits (top bit 0, 53 bits of
// microseconds since 1970, 10 bits of "clock id") written in base32-sortable,
// 13 characters. Deriving both parts from the issue makes the key the same on
// every run, so a re-run asks for that exact record before creating one.
import { createHash } from 'node:crypto';

const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
export const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

export function deterministicTid(issueDate: string, issueId: string, channel: string): string {
  const millis = Date.parse(issueDate);
  if (!Number.isFinite(millis) || millis < 0) throw new Error(`not a date: ${issueDate}`);
  const micros = BigInt(millis) * 1000n;
  // The clock id separates two issues of the same instant (and two channels).
  const digest = createHash('sha256').update(`${issueId}\u0000${channel}`, 'utf8').digest();
  const clockId = BigInt(digest.readUInt16BE(0) & 0x3ff);
  let value = (micros << 10n) | clockId;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}
