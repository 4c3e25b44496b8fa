// The per-issue send journal (DESIGN §7): one line per recipient, written as
// soon as the server answered 250 or a permanent 5xx. A line reaches the
// kernel before the next message is handed to SMTP (writeSync on an O_APPEND
// descriptor), so a killed process loses none; fsync runs every second and
// at the end against power loss. Recipients appear only as keyed HMACs.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { shortHash } from './tokens.js';

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
