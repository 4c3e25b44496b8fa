// The per-issue send journal (DESIGN §7): one line per recipient, written as
// soon as the server answered 250 or a permanent 5xx. A line reaches the
// kernel before the next message is handed to SMTP (writeSync on an O_APPEND
// descriptor), so a killed process loses none; fsync runs every second and
// at the end against power loss. Recipients appear only as keyed HMACs.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PublishError } from '../../src/errors.js';
import { journalCheck, shortHash } from './tokens.js';

export type JournalStatus = 'sent' | 'failed';

export interface JournalLine {
  readonly r: string;
  readonly s: JournalStatus;
  /** SMTP reply code for failures. */
  readonly c?: number;
}

export function journalFile(stateDir: string, issueId: string): string {
  return path.join(stateDir, 'email', `${shortHash(issueId, 32)}.jsonl`);
}

/** The journal's first line: `{"check": HMAC(secret, 'journal-check')}` (no r/s, so readJournal skips it). */
export interface JournalHeader {
  readonly check: string;
}

/** The first non-empty line of the journal (read from its first 64 KiB), or undefined for a missing or empty journal. */
function firstLine(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, n).split('\n').find((line) => line.trim() !== '');
  } finally {
    closeSync(fd);
  }
}

/**
 * Before a send: a new journal gets the secret's check value as its first
 * line; an existing one must carry the same value, or resuming would match
 * no journal id and send the issue to everyone again. Throws NP400 then,
 * before anything is sent. Returns false for a journal from before the
 * check existed (it cannot be verified).
 */
export function ensureJournalCheck(file: string, secret: string): boolean {
  const check = journalCheck(secret);
  const first = firstLine(file);
  if (first === undefined) {
    mkdirSync(path.dirname(file), { recursive: true });
    const fd = openSync(file, 'a');
    try {
      writeSync(fd, JSON.stringify({ check } satisfies JournalHeader) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return true;
  }
  let header: Partial<JournalHeader> = {};
  try {
    header = JSON.parse(first) as Partial<JournalHeader>;
  } catch {
    // A torn first line: treated like a journal without a check.
  }
  if (typeof header.check !== 'string') return false;
  if (header.check !== check) {
    throw new PublishError('NP400', 'email: the journal was written with a different UNSUBSCRIBE_SECRET; nothing was sent', [
      `journal ${file}: its check value does not match the current UNSUBSCRIBE_SECRET`,
      'restore the secret the interrupted send used and run the same command again: with another secret no recipient matches the journal and everyone would get the issue twice',
      'only if every recipient should really get it again: delete the journal file',
    ]);
  }
  return true;
}

/** Recipient ids already settled; a torn last line (killed mid-write) is ignored. */
export async function readJournal(file: string): Promise<Map<string, JournalStatus>> {
  const done = new Map<string, JournalStatus>();
  if (!existsSync(file)) return done;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as Partial<JournalLine>;
      if (typeof entry.r === 'string' && (entry.s === 'sent' || entry.s === 'failed')) done.set(entry.r, entry.s);
    } catch {
      // A partial line from a crash: that recipient is simply sent again.
    }
  }
  return done;
}

export class Journal {
  private fd: number | undefined;
  private lastSync = Date.now();

  constructor(readonly file: string) {}

  open(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    this.fd = openSync(this.file, 'a');
    // A torn line left by a crash must not glue onto the next record.
    writeSync(this.fd, '\n');
  }

  record(entry: JournalLine): void {
    if (this.fd === undefined) throw new Error('journal is not open');
    writeSync(this.fd, JSON.stringify(entry) + '\n');
    const now = Date.now();
    if (now - this.lastSync >= 1000) {
      fsyncSync(this.fd);
      this.lastSync = now;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
