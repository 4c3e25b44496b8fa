// A publishing site in a temp folder for live-run tests: the October 2020
// XMPP Newsletter from ../shared/seeds as its one issue (or the fixture
// project as a git repository), its own subscriber list, and the built CLI
// run as a user runs it (a separate process).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bin, seed000, tempDir } from '../core/helpers.js';
import { fixtureProject } from '../fixtures/project.js';

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
  /** The signal that ended the process (SIGKILL for a crash), or null. */
  readonly signal?: NodeJS.Signals | null;
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

/** A subscriber list of its own in a temp folder: counts never mix between sites. */
function subscriberList(count: number, domain: string): { list: string; subscribers: string[] } {
  const subscribers = Array.from({ length: count }, (_, i) => `reader${i}@${domain}`);
  const list = path.join(tempDir('np-live-subs-'), 'subscribers.csv');
  writeFileSync(list, ['email', ...subscribers].join('\n') + '\n');
  return { list, subscribers };
}

export function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

export function commitAll(dir: string, message: string): void {
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', 'add', '.');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', message);
}

/**
 * The fixture project (tests/fixtures/xmpp-newsletter: October 2020 ready,
 * November a draft) as a git repository in a temp folder, `channels` appended
 * to its channel list, with its own subscribers.
 */
export function createFixtureSite(options: { subscribers?: number; channels?: string; env?: Record<string, string> } = {}): LiveSite {
  const dir = tempDir('np-release-');
  cpSync(path.join(fixtureProject, 'content'), path.join(dir, 'content'), { recursive: true });
  cpSync(path.join(fixtureProject, 'publish.config.yaml'), path.join(dir, 'publish.config.yaml'));
  if (options.channels) appendFileSync(path.join(dir, 'publish.config.yaml'), options.channels);
  git(dir, 'init', '-q', '-b', 'main');
  commitAll(dir, 'Newsletter');
  const { list, subscribers } = subscriberList(options.subscribers ?? 0, `site${++sites}.${process.pid}.example.org`);
  return { dir, env: { CI: 'true', SUBSCRIBERS_FILE: list, UNSUBSCRIBE_SECRET: 'release-e2e-unsubscribe-secret-0123456789', ...options.env }, subscribers };
}

export function createLiveSite(options: { subscribers?: number; channels?: string; env?: Record<string, string>; issue?: string } = {}): LiveSite {
  const dir = tempDir('np-live-');
  mkdirSync(path.join(dir, 'content'));
  writeFileSync(path.join(dir, 'content/2020-11-05-newsletter.md'), options.issue ?? readFileSync(seed000));
  writeFileSync(path.join(dir, 'publish.config.yaml'), CONFIG(options.channels ?? ALL_CHANNELS));
  // Each site has its own readers, so counts never mix between tests.
  const { list, subscribers } = subscriberList(options.subscribers ?? 0, `live${++sites}.${process.pid}.example.org`);
  const env: Record<string, string> = {
    CI: 'true',
    SUBSCRIBERS_FILE: list,
    UNSUBSCRIBE_SECRET: 'live-site-unsubscribe-secret-0123456789',
    ...options.env,
  };
  return { dir, env, subscribers };
}

/** `nodeArgs` go to node before the CLI, e.g. `--import` of a test preload. */
export function publish(site: LiveSite, args: readonly string[], env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<Run> & { kill: () => void; pid: number } {
  const child = spawn(process.execPath, [...nodeArgs, bin, ...args], {
    cwd: site.dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...site.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, stdout, stderr, signal })));
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
