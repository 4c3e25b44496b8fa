import { spawnSync } from 'node:child_process';

/** Node has no mkfifo: the coreutils one makes the named pipe a hostile content file can be. */
export function mkfifoSync(file: string): void {
  const run = spawnSync('mkfifo', [file]);
  if (run.status !== 0) throw new Error(`mkfifo ${file}: ${run.stderr}`);
}
