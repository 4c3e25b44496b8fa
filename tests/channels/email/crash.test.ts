// Kill a sending process with SIGKILL at a random point, run the same send
// again: every subscriber has the issue, and only messages that were in
// flight at the kill (at most the pool size) can arrive twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot, tempDir } from './helpers.js';
import { startSmtp, type SmtpHarness } from './smtp-harness.js';

const TOTAL = 2000;
const POOL = 5;
let smtp: SmtpHarness | undefined;
afterAll(async () => smtp?.close());

type Mode = 'in-process (TypeScript sources)' | 'worker threads (compiled build)';
const hasDist = existsSync(path.join(repoRoot, 'dist/channels/email/send-worker.js'));
if (!hasDist) console.warn('email crash test with worker threads skipped: run `npx tsc -p .` first');

function command(mode: Mode): [string, string[]] {
  return mode === 'in-process (TypeScript sources)'
    ? [path.join(repoRoot, 'node_modules/.bin/vite-node'), [path.join(repoRoot, 'tests/channels/email/fixtures/crash-child.ts')]]
    : [process.execPath, [path.join(repoRoot, 'tests/channels/email/fixtures/crash-child-dist.mjs')]];
}

function runChild(mode: Mode, env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; output: string[] } {
  const output: string[] = [];
  const [program, args] = command(mode);
  const child = spawn(program, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output };
}

const modes: Mode[] = ['in-process (TypeScript sources)', ...(hasDist ? (['worker threads (compiled build)'] as Mode[]) : [])];

describe.each(modes)('%s', (mode) => {
test('SIGKILL mid-send, then the same command again: everyone once, repeats only within the in-flight window', async () => {
  await smtp?.close();
  smtp = await startSmtp({}, { keepRaw: false });
  const dir = tempDir();
  const file = path.join(dir, 'subscribers.csv');
  const addresses = Array.from({ length: TOTAL }, (_, i) => `reader${i}@example.org`);
  writeFileSync(file, ['email', ...addresses].join('\n'));
  const env = { SMTP_URL: smtp.url, SUBSCRIBERS_FILE: file, UNSUBSCRIBE_SECRET: 'crash-test-secret-0123456789', STATE_DIR: path.join(dir, 'state'), POOL: String(POOL) };
  const killAt = 200 + Math.floor(Math.random() * (TOTAL - 600));

  const first = runChild(mode, env);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (smtp!.received.length >= killAt) {
        clearInterval(timer);
        first.child.kill('SIGKILL');
        resolve();
      }
    }, 1);
    first.exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`child exited (${code}) before the kill point ${killAt}: ${first.output.join('')}`));
    }, reject);
  });
  await first.exited;
  const atKill = smtp.received.length;
  // Connections the killed run had open together: each holds at most one
  // message the server accepted but the journal had not yet recorded.
  const connectionsAtKill = smtp.peak;
  expect(connectionsAtKill).toBeGreaterThanOrEqual(1);
  expect(connectionsAtKill).toBeLessThanOrEqual(POOL);
  expect(atKill).toBeLessThan(TOTAL);

  const second = runChild(mode, env);
  expect(await second.exited, second.output.join('')).toBe(0);

  const missing = addresses.filter((a) => !smtp!.counts.has(a));
  expect(missing).toEqual([]);
  const repeats = [...smtp.counts.values()].reduce((sum, n) => sum + n - 1, 0);
  expect(repeats).toBeLessThanOrEqual(connectionsAtKill);
  const receipt = JSON.parse(second.output.join('').trim().split('\n').at(-1)!) as { sent: number };
  expect(receipt.sent).toBe(TOTAL);
  console.log(`crash test (${mode}): killed after ${killAt}+ messages (server had ${atKill}), ${repeats} repeated, ${TOTAL} delivered`);
}, 120_000);
});
