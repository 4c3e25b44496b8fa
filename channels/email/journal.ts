// The per-issue send journal (DESIGN §7): one line per recipient, written as
// soon as the server answered 250 or a permanent 5xx. Lines settled in one
// event-loop turn are written together (one write at the end of the turn,
// or at GROUP_LINES), and the send loop counts a message as sent only once
// its line is in the kernel, so a killed process loses none it counted.
// fsync runs every second (off the event loop) and at the end, against power
// loss. A write that fails (disk full, read-only, permissions) stops the send
// with NP610: never mistaken for an SMTP error, never a retry of a message
// the server accepted. Recipients appear only as keyed HMACs.
import { close as closeAsync, closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
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
      'only if every recipient should really get it again: delete the journal file and its .checkpoint',
    ]);
  }
  return true;
}

/** The valid recipient lines of a journal, in order; torn or foreign lines are skipped. */
export async function* journalEntries(file: string): AsyncGenerator<JournalLine> {
  if (!existsSync(file)) return;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as Partial<JournalLine>;
      if (typeof entry.r === 'string' && (entry.s === 'sent' || entry.s === 'failed')) yield entry as JournalLine;
    } catch {
      // A partial line from a crash: that recipient is simply sent again.
    }
  }
}

/** Recipient ids already settled; a torn last line (killed mid-write) is ignored. */
export async function readJournal(file: string): Promise<Map<string, JournalStatus>> {
  const done = new Map<string, JournalStatus>();
  for await (const entry of journalEntries(file)) done.set(entry.r, entry.s);
  return done;
}

/** Most lines written in one group (a turn settles at most one per connection, so this cap rarely applies). */
export const GROUP_LINES = 256;

const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'an I/O error',
};

/** NP610 for a state file of the send that cannot be written; names the file and the cause. */
export function stateWriteError(file: string, error: unknown, what = 'the send journal'): PublishError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const cause = (code && CAUSES[code]) ? `${CAUSES[code]} (${code})` : (error instanceof Error ? error.message : String(error));
  return new PublishError('NP610', `email: ${what} cannot be written: ${file}: ${cause}; the send stopped`, [
    `${file}: ${cause}`,
    'messages the server accepted just before the failure may be unrecorded: at most one per open SMTP connection can reach a reader twice on the re-run',
    `fix the cause (free space, make ${path.dirname(file)} writable, or move the state folder to a disk that is), then run the same command again: it resumes from the journal`,
  ], { cause: error });
}

export class Journal {
  private fd: number | undefined;
  private pending: string[] = [];
  private waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;
  private syncing = false;
  private closeAfterSync: number | undefined;
  private lastSync = Date.now();
  private failure: PublishError | undefined;
  /** Lines of this run that reached the kernel. */
  written = 0;

  constructor(readonly file: string) {}

  open(): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = openSync(this.file, 'a');
      // A torn line left by a crash must not glue onto the next record.
      writeSync(this.fd, '\n');
    } catch (error) {
      throw this.fail(error);
    }
  }

  /**
   * Queue one line; resolves once it is in the kernel (with the rest of its
   * group), rejects with NP610 when the write fails.
   */
  record(entry: JournalLine): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.fd === undefined) return Promise.reject(new Error('journal is not open'));
    this.pending.push(JSON.stringify(entry) + '\n');
    const written = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (this.pending.length >= GROUP_LINES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      // The check phase follows the poll phase that delivered the replies: the
      // group is written before any later reply is read.
      setImmediate(() => this.flush());
    }
    return written;
  }

  /** Write the pending group now (one write call). */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    const waiting = this.waiting;
    const lines = this.pending.length;
    this.pending = [];
    this.waiting = [];
    try {
      if (this.failure) throw this.failure;
      if (this.fd === undefined) throw new Error('journal is not open');
      const bytes = Buffer.from(text, 'utf8');
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
      this.written += lines;
    } catch (error) {
      const failure = this.fail(error);
      for (const w of waiting) w.reject(failure);
      return;
    }
    for (const w of waiting) w.resolve();
    this.syncSoon();
  }

  /** fsync at most once a second, on the thread pool: the event loop keeps sending. */
  private syncSoon(): void {
    const now = Date.now();
    if (this.syncing || now - this.lastSync < 1000 || this.fd === undefined) return;
    this.syncing = true;
    this.lastSync = now;
    fsync(this.fd, (error) => {
      this.syncing = false;
      if (error && !this.failure) this.failure = stateWriteError(this.file, error);
      if (this.closeAfterSync !== undefined) closeAsync(this.closeAfterSync, () => undefined);
    });
  }

  private fail(error: unknown): PublishError {
    this.failure ??= error instanceof PublishError ? error : stateWriteError(this.file, error);
    return this.failure;
  }

  /** Flush and close; throws NP610 when the last group or the final fsync fails. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    const fd = this.fd;
    this.fd = undefined;
    try {
      if (!this.failure) fsyncSync(fd);
    } catch (error) {
      this.fail(error);
    }
    // A background fsync still uses the descriptor: it closes it when done.
    if (this.syncing) this.closeAfterSync = fd;
    else closeSync(fd);
    if (this.failure) throw this.failure;
  }
}
