// Starts the test-only PDS (tests/pds/server.mjs, its own node_modules) as a
// child process on 127.0.0.1 and hands back its account.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../social/helpers.js';

export const pdsDir = path.join(repoRoot, 'tests', 'pds');
export const hasPds = existsSync(path.join(pdsDir, 'node_modules', '@atproto', 'pds')) && existsSync(path.join(pdsDir, 'node_modules', '@did-plc', 'server'));

export interface TestPds {
  readonly url: string;
  readonly handle: string;
  readonly did: string;
  readonly appPassword: string;
  stop(): Promise<void>;
}

export async function startPds(): Promise<TestPds> {
  const child: ChildProcess = spawn(process.execPath, ['server.mjs'], { cwd: pdsDir, env: { ...process.env, LOG_ENABLED: 'false' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string; handle: string; did: string; appPassword: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PDS did not start within 120 s: ${stderr}`)), 120_000);
    lines.on('line', (line) => {
      if (!line.startsWith('{"url"')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as { url: string; handle: string; did: string; appPassword: string });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PDS exited with ${code}: ${stderr}`));
    });
  });
  return {
    ...ready,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
