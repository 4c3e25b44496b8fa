// One publisher per ledger. The lock file holds the owner's pid; a lock whose
// process is gone (a killed CI job on a reused runner) is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PublishError } from './errors.js';

export interface Lock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(stateDir: string): Lock {
  mkdirSync(stateDir, { recursive: true });
  const file = path.join(stateDir, 'publish.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isFinite(owner) && owner !== process.pid && alive(owner)) {
        throw new PublishError('NP600', `another publish (pid ${owner}) holds ${path.relative(process.cwd(), file) || file}`);
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new PublishError('NP600', `could not take ${file}`);
}
