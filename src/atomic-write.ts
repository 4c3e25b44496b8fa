import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from './process-alive.js';

/** `file.<pid>.tmp` or `.file.<pid>.tmp` beside `file`: temp files of our atomic writes. */
function tempPattern(file: string): RegExp {
  const base = path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.?${base}\\.(\\d+)\\.tmp$`);
}

/**
 * A killed run (SIGKILL, a cancelled CI job) leaves its temp file behind; the
 * next write of the same file removes every one whose process is gone. Temp
 * files of a live process (another dry run writing out/) are left alone.
 */
export function removeStaleTemps(file: string): void {
  const pattern = tempPattern(file);
  let names: string[];
  try {
    names = readdirSync(path.dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = pattern.exec(name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !processAlive(Number(pid))) rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

/**
 * Write-then-rename: a crash leaves the old file or the new one, never half of
 * either. `durable` adds an fsync, for state (the ledger); review output skips it.
 * A failed write (disk full) removes its temp file before the error goes up.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array, durable = true): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // State files only: review output (out/) is cleared by each dry run and may hold thousands of files.
  if (durable) removeStaleTemps(file);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
