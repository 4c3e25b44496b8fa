// One publisher per ledger, under a race (issue 10): a holder killed with
// SIGKILL leaves its lock behind, then 8 processes start at once. Repeated 20
// times, never two of them may hold the lock at the same time, and one of
// them must get it (the dead holder's lock is taken over).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from './helpers.js';

const lockModule = pathToFileURL(path.join(repoRoot, 'dist/src/lock.js')).href;

// Takes the lock, logs "in"/"out" around a hold with O_APPEND writes (atomic for a short line),
// exits 3 on NP600. HOLD_MS < 0: hold until killed.
const CONTENDER = `
import { appendFileSync } from 'node:fs';
const { acquireLock } = await import(process.env.LOCK_MODULE);
const [stateDir, log, holdMs] = process.argv.slice(2);
let lock;
try { lock = acquireLock(stateDir); } catch (e) { if (e.code === 'NP600') process.exit(3); throw e; }
appendFileSync(log, 'in ' + process.pid + '\\n');
if (Number(holdMs) < 0) { process.stdout.write('held\\n'); setInterval(() => {}, 1000); }
else setTimeout(() => { appendFileSync(log, 'out ' + process.pid + '\\n'); lock.release(); process.exit(0); }, Number(holdMs));
`;

function contender(script: string, stateDir: string, log: string, holdMs: number) {
  const child = spawn(process.execPath, [script, stateDir, log, String(holdMs)], { env: { ...process.env, LOCK_MODULE: lockModule }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  // Resolves once the lock is held; rejects when the process ends without holding it.
  const held = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => resolve());
    void exit.then((r) => reject(new Error(`contender exited ${r.code}: ${r.stderr}`)));
  });
  held.catch(() => undefined); // racers are never asked whether they held
  return { child, held, exit };
}

/** Most holders at the same time, from the in/out log. */
function maxConcurrent(log: string): number {
  let now = 0;
  let max = 0;
  for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
    now += line.startsWith('in ') ? 1 : -1;
    max = Math.max(max, now);
  }
  return max;
}

describe('lock under a race', () => {
  it('SIGKILLed holder, then 8 processes at once, 20 times: never two holders, always one', { timeout: 240_000 }, async () => {
    const dir = tempDir('np-lock-');
    const script = path.join(dir, 'contender.mjs');
    writeFileSync(script, CONTENDER);
    for (let round = 0; round < 20; round++) {
      const stateDir = path.join(dir, `state-${round}`);
      mkdirSync(stateDir);
      const log = path.join(dir, `log-${round}`);
      writeFileSync(log, '');
      const killed = contender(script, stateDir, log, -1);
      await killed.held;
      killed.child.kill('SIGKILL');
      await killed.exit;
      writeFileSync(log, ''); // the killed holder never wrote "out"
      const racers = Array.from({ length: 8 }, () => contender(script, stateDir, log, 150));
      const results = await Promise.all(racers.map((r) => r.exit));
      for (const r of results) expect([0, 3], r.stderr).toContain(r.code);
      expect(maxConcurrent(log), `round ${round}: ${readFileSync(log, 'utf8')}`).toBe(1);
      expect(results.filter((r) => r.code === 0).length, `round ${round}`).toBeGreaterThanOrEqual(1);
    }
  });

  it('a live holder is never taken over: the others exit with NP600 naming its pid', async () => {
    const dir = tempDir('np-lock-');
    const script = path.join(dir, 'contender.mjs');
    writeFileSync(script, CONTENDER);
    const log = path.join(dir, 'log');
    writeFileSync(log, '');
    const holder = contender(script, dir, log, -1);
    await holder.held;
    try {
      const others = await Promise.all(Array.from({ length: 4 }, () => contender(script, dir, log, 0).exit));
      expect(others.map((o) => o.code)).toEqual([3, 3, 3, 3]);
      expect(maxConcurrent(log)).toBe(1);
    } finally {
      holder.child.kill('SIGKILL');
    }
  });
});
