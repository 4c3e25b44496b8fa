// The journal's completeness check (issue 10 §5). A journal only grows: a
// sidecar `<journal>.checkpoint` records how many recipient lines it held,
// written atomically about once a second during a send and exactly at its
// end. A journal with fewer lines than its checkpoint lost some (truncated,
// restored from an older copy, a fresh checkout without it): resuming would
// send the issue again to every reader it forgot, so the run stops (NP611)
// before anything is sent.
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { PublishError } from '../../src/errors.js';
import { journalEntries, stateWriteError } from './journal.js';

export function checkpointFile(journal: string): string {
  return `${journal}.checkpoint`;
}

/** Recipient lines in the journal (a torn last line does not count). */
export async function countJournalLines(journal: string): Promise<number> {
  let lines = 0;
  for await (const entry of journalEntries(journal)) if (entry) lines++;
  return lines;
}

function readCheckpoint(journal: string): number | undefined {
  const file = checkpointFile(journal);
  if (!existsSync(file)) return undefined;
  let lines: unknown;
  try {
    lines = (JSON.parse(readFileSync(file, 'utf8')) as { lines?: unknown }).lines;
  } catch {
    lines = undefined;
  }
  if (typeof lines !== 'number' || !Number.isInteger(lines) || lines < 0) {
    throw new PublishError('NP611', `email: the journal checkpoint ${file} is unreadable; nothing was sent`, [
      `${file}: expected {"lines": N}; without it the journal's completeness cannot be checked`,
      'restore it with the journal from where the state is kept (the release workflow commits both with the ledger), then run the same command again',
    ]);
  }
  return lines;
}

/**
 * Before a send: the journal's line count, checked against its checkpoint.
 * Throws NP611 when lines are missing.
 */
export async function checkJournalComplete(journal: string): Promise<number> {
  const expected = readCheckpoint(journal);
  const lines = await countJournalLines(journal);
  if (expected !== undefined && lines < expected) {
    const lost = expected - lines;
    throw new PublishError('NP611', `email: the send journal lost ${lost} of its ${expected} recorded line${expected === 1 ? '' : 's'}; nothing was sent`, [
      `${journal}: ${lines} recipient line${lines === 1 ? '' : 's'}, its checkpoint ${checkpointFile(journal)} recorded ${expected}`,
      `resuming would send the issue again to the ${lost} reader${lost === 1 ? '' : 's'} it forgot`,
      'restore the complete journal (from the state the release workflow committed with the ledger, or the machine that sent) and run the same command again',
      'only if those readers should really get the issue again: delete both the journal and its .checkpoint file',
    ]);
  }
  return lines;
}

/** Write `{"lines": N}` atomically (temp file + rename); NP610 when the state folder cannot take it. */
export function writeCheckpoint(journal: string, lines: number): void {
  const file = checkpointFile(journal);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, JSON.stringify({ lines }) + '\n');
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw stateWriteError(file, error, 'the journal checkpoint');
  }
}

/**
 * The checkpoint during a send: `base` lines before this run plus the lines
 * written so far, at most once a second. Never ahead of the journal: shards
 * report only lines already written.
 */
export class CheckpointWriter {
  private last = 0;
  private written = 0;

  constructor(private readonly journal: string, private readonly base: number, private readonly everyMs = 1000) {}

  update(linesThisRun: number): void {
    if (linesThisRun <= this.written) return;
    const now = Date.now();
    if (now - this.last < this.everyMs) return;
    this.last = now;
    this.written = linesThisRun;
    writeCheckpoint(this.journal, this.base + linesThisRun);
  }

  /** At the end of the send (complete or not): the exact count, read back from the journal. */
  async finish(): Promise<number> {
    const lines = await countJournalLines(this.journal);
    writeCheckpoint(this.journal, lines);
    return lines;
  }
}
