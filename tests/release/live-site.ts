// A publishing site in a temp folder for live-run tests: the October 2020
// XMPP Newsletter from ../shared/seeds as its one issue, its own subscriber
// list, and the built CLI run as a user runs it (a separate process).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bin, seed000, tempDir } from '../core/helpers.js';

export const OCTOBER_URL = 'https://xmpp.org/2020/10/newsletter-10-october/';

export interface LiveSite {
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly subscribers: string[];
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let sites = 0;

const CONFIG = (channels: string) => `site:
  url: https://xmpp.org
  title: The XMPP Newsletter
  language: en
  timezone: Europe/Berlin
content: content
ledger: .publish/ledger.json
channels:
${channels}`;

export const ALL_CHANNELS = `  - name: feed
  - name: email
    maxConnections: 2
  - name: mastodon
    hashtags: [XMPP]
  - name: twitter
    hashtags: [XMPP]
`;

export function createLiveSite(options: { subscribers?: number; channels?: string; env?: Record<string, string> } = {}): LiveSite {
  const dir = tempDir('np-live-');
  mkdirSync(path.join(dir, 'content'));
  writeFileSync(path.join(dir, 'content/2020-11-05-newsletter.md'), readFileSync(seed000));
  writeFileSync(path.join(dir, 'publish.config.yaml'), CONFIG(options.channels ?? ALL_CHANNELS));
  // Each site has its own readers, so counts never mix between tests.
  const domain = `live${++sites}.${process.pid}.example.org`;
  const subscribers = Array.from({ length: options.subscribers ?? 0 }, (_, i) => `reader${i}@${domain}`);
  const list = path.join(tempDir('np-live-subs-'), 'subscribers.csv');
  writeFileSync(list, ['email', ...subscribers].join('\n') + '\n');
  const env: Record<string, string> = {
    CI: 'true',
    SUBSCRIBERS_FILE: list,
    UNSUBSCRIBE_SECRET: 'live-site-unsubscribe-secret-0123456789',
    ...options.env,
  };
  return { dir, env, subscribers };
}

export function publish(site: LiveSite, args: readonly string[], env: Record<string, string> = {}): Promise<Run> & { kill: () => void; pid: number } {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: site.dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...site.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { kill: () => void child.kill('SIGKILL'), pid: child.pid ?? 0 });
}

/** Every file under `dir` (the project and its state), for "the secret is stored nowhere". */
export function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...allFiles(full));
    else out.push(full);
  }
  return out;
}
