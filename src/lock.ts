// One publisher per ledger, safe under a race (issue 10). A pid file that is
// read, found stale and deleted lets two processes each delete the dead lock
// and each take it. Here nothing is ever taken over by deleting:
//
//   .publish/publish.lock.d/<generation>   one file per holder, created with
//                                          link(2), which fails if it exists
//
// The holder is the owner of the highest generation. A process takes the lock
// by creating generation top+1, and only when the owner of `top` is gone
// (its process is dead, or it released by removing its file). Of N processes
// racing for the same generation the kernel lets exactly one link succeed.
// A process whose view was old may still create a lower, deleted generation;
// it then sees a higher one in the folder and backs off. Older generations are
// removed by the holder, after it holds.
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { PublishError } from './errors.js';
import { processAlive } from './process-alive.js';
import { stateWriteError } from './state-write-error.js';

export interface Lock {
  release(): void;
}

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly nonce: string;
  readonly at: string;
}

const ATTEMPTS = 8;

function generations(dir: string): number[] {
  return readdirSync(dir).filter((name) => /^\d+$/.test(name)).map(Number).sort((a, b) => a - b);
}

function readOwner(file: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Owner;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // released meanwhile
    // Files appear whole (link of a complete temp file), so this is not a half-written one.
    throw error;
  }
}

/** Whether `owner` may still be publishing. A lock of another machine is never presumed dead. */
function holds(owner: Owner, self: string): boolean {
  if (owner.nonce === self) return true;
  if (owner.host !== hostname()) return true;
  return owner.pid !== process.pid && processAlive(owner.pid);
}

export function acquireLock(stateDir: string): Lock {
  const dir = path.join(stateDir, 'publish.lock.d');
  const nonce = randomBytes(12).toString('hex');
  const me: Owner = { pid: process.pid, host: hostname(), nonce, at: new Date().toISOString() };
  const candidate = path.join(dir, `.candidate.${process.pid}.${nonce}`);
  try {
    mkdirSync(stateDir, { recursive: true });
    // Not recursive: a recursive mkdir on a read-only file system reports ENOENT instead of EROFS.
    if (!existsSync(dir)) mkdirSync(dir);
    // CI commits .publish/ back: a lock must never travel to another runner, where its host
    // differs and it could not be presumed dead.
    if (!existsSync(path.join(dir, '.gitignore'))) writeFileSync(path.join(dir, '.gitignore'), '*\n');
    writeFileSync(candidate, JSON.stringify(me) + '\n');
  } catch (error) {
    throw stateWriteError(dir, error);
  }
  removeDeadCandidates(dir);
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const top = generations(dir).at(-1);
      if (top !== undefined) {
        const owner = readOwner(path.join(dir, String(top)));
        if (owner === undefined) continue;
        if (holds(owner, nonce)) throw busy(dir, owner);
      }
      const mine = (top ?? 0) + 1;
      const file = path.join(dir, String(mine));
      try {
        linkSync(candidate, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue; // another process won this generation
        throw stateWriteError(dir, error);
      }
      if (generations(dir).at(-1) !== mine) {
        rmSync(file, { force: true }); // our view was old: a newer generation exists
        continue;
      }
      for (const older of generations(dir)) if (older < mine) rmSync(path.join(dir, String(older)), { force: true });
      return release(file, nonce);
    }
  } finally {
    rmSync(candidate, { force: true });
  }
  const top = generations(dir).at(-1);
  const owner = top === undefined ? undefined : readOwner(path.join(dir, String(top)));
  throw owner ? busy(dir, owner) : new PublishError('NP600', `could not take ${dir} after ${ATTEMPTS} attempts (other processes are starting at the same time)`);
}

/** Candidate files of processes killed while taking the lock: never a holder, only litter. */
function removeDeadCandidates(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = /^\.candidate\.(\d+)\./.exec(name)?.[1];
    if (pid !== undefined && !processAlive(Number(pid))) rmSync(path.join(dir, name), { force: true });
  }
}

function release(file: string, nonce: string): Lock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      // Only ever our own generation: a file that is not ours is another holder's.
      if (readOwner(file)?.nonce === nonce) rmSync(file, { force: true });
    },
  };
}

function busy(dir: string, owner: Owner): PublishError {
  const where = owner.host === hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on ${owner.host}`;
  return new PublishError('NP600', `another publish (${where}, since ${owner.at}) holds ${path.relative(process.cwd(), dir) || dir}`);
}
