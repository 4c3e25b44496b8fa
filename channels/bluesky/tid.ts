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
  return encode((micros << 10n) | clockId);
}

/**
 * The record keys a post may take, in order: its own, then the same clock id one
 * microsecond later each time. Two issues of one instant share a key 1 time in
 * 1,024 (the clock id); they then share this whole sequence, and the post's link
 * tells whose a record is (publish.ts). Unrelated issues never meet in it: their
 * instants are whole seconds apart, not microseconds.
 */
export function candidateTids(rkey: string, count: number): string[] {
  const value = decode(rkey);
  return Array.from({ length: count }, (_, i) => encode(value + (BigInt(i) << 10n)));
}

function encode(tid: bigint): string {
  let value = tid;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

function decode(tid: string): bigint {
  if (!TID_PATTERN.test(tid)) throw new Error(`not a record key: ${tid}`);
  let value = 0n;
  for (const c of tid) value = (value << 5n) | BigInt(ALPHABET.indexOf(c));
  return value;
}
