// Issue 10, "Safe live runs": nothing sent by mistake, nothing sent twice,
// whatever the arguments, the config, the disk or the state files do. Every
// test runs the built CLI against a real SMTP server on 127.0.0.1 and the fake
// Mastodon and Twitter servers, and counts what reached them.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SmtpHarness } from '../channels/email/smtp-harness.js';
import type { FakeMastodon } from '../channels/social/fakes/mastodon-server.js';
import type { FakeTwitter } from '../channels/social/fakes/twitter-server.js';
import { hasShared, tempDir } from '../core/helpers.js';
import { ALL_CHANNELS, OCTOBER_URL, createLiveSite, publish, type LiveSite } from './live-site.js';
import { startClassicServers, type ClassicServers } from './servers.js';

// Separate CLI processes on a shared 2-core machine: generous, these are not speed tests.
vi.setConfig({ testTimeout: 180_000 });

let servers: ClassicServers;
let smtp: SmtpHarness;
let mastodon: FakeMastodon;
let twitter: FakeTwitter;

beforeAll(async () => {
  servers = await startClassicServers();
  ({ smtp, mastodon, twitter } = servers);
});
afterAll(async () => {
  await servers?.stop();
});

function liveSite(subscribers: number, channels = ALL_CHANNELS, env: Record<string, string> = {}): LiveSite {
  return createLiveSite({ subscribers, channels, env: { ...servers.env, ...env } });
}

const delivered = (site: LiveSite): number => site.subscribers.reduce((n, a) => n + (smtp.counts.get(a) ?? 0), 0);
const posts = () => ({
  mastodon: mastodon.statuses.filter((s) => s.text.includes(OCTOBER_URL)).length,
  twitter: twitter.tweets.filter((t) => t.text.includes(OCTOBER_URL)).length,
});
const ledgerOf = (site: LiveSite) => path.join(site.dir, '.publish/ledger.json');

describe.skipIf(!hasShared)('arguments: only the named issue, never a fallback', () => {
  it('a typo in FILE with --yes stops with NP300 (exit 2): no message, no post, no feed file', async () => {
    const site = liveSite(5);
    const before = posts();
    const run = await publish(site, ['content/2020-11-05-newsleter.md', '--channel', 'email', '--yes']);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toContain('NP300');
    expect(run.stderr).toContain('content/2020-11-05-newsleter.md: does not exist');
    const all = await publish(site, ['content/nope.md', '--yes']);
    expect(all.code).toBe(2);
    expect(delivered(site)).toBe(0);
    expect(posts()).toEqual(before);
    expect(existsSync(path.join(site.dir, 'public'))).toBe(false);
    expect(existsSync(ledgerOf(site))).toBe(false);
  });

  it('a guessed subcommand (`publish send`) is a usage error (exit 2) and publishes nothing', async () => {
    const site = liveSite(5);
    const run = await publish(site, ['send', '--channel', 'feed', '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/NP100.*"send" is not a command/);
    expect(existsSync(path.join(site.dir, 'public/feed'))).toBe(false);
    expect(delivered(site)).toBe(0);
  });

  it('a named file that is not an issue blocks itself and publishes nothing else', async () => {
    const site = liveSite(5);
    writeFileSync(path.join(site.dir, 'notes.md'), 'just some notes, no front matter\n');
    const run = await publish(site, ['notes.md', '--yes']);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/BLCK \(all\)\s+notes\.md/);
    expect(delivered(site)).toBe(0);
    expect(existsSync(path.join(site.dir, 'public/feed'))).toBe(false);
  });
});

describe.skipIf(!hasShared)('config: channel typos fail check, dry runs and releases (exit 2)', () => {
  const typo = ALL_CHANNELS.replace('  - name: mastodon\n    hashtags: [XMPP]', '  - name: mastodon\n    hashtag: [XMPP]').replace('name: twitter', 'name: twiter');
  for (const args of [['check'], ['release', '--dry-run'], ['--dry-run'], ['release']]) {
    it(`publish ${args.join(' ')} names the misspelt key and the unknown channel, with "did you mean"`, async () => {
      const site = liveSite(3, typo);
      const run = await publish(site, args);
      expect(run.code, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toContain('NP204');
      expect(run.stderr).toContain('channels.mastodon.hashtag: unknown option; did you mean "hashtags"?');
      expect(run.stderr).toContain('"twiter" is not a channel; did you mean "twitter"?');
      expect(delivered(site)).toBe(0);
      expect(existsSync(path.join(site.dir, 'out'))).toBe(false);
    });
  }
});

describe.skipIf(!hasShared)('state integrity: only an absent ledger means "nothing published yet"', () => {
  const cases: Array<[string, (file: string) => void, RegExp]> = [
    ['{"issues":null}', (f) => writeFileSync(f, '{"issues":null}'), /"issues" is not an object/],
    ['an unknown version', (f) => writeFileSync(f, JSON.stringify({ version: 7, issues: {}, pins: {} })), /unknown version 7/],
    ['a ledger that cannot be read (EISDIR, an injected read error)', (f) => mkdirSync(f), /cannot be read \(EISDIR\)/],
  ];
  for (const [name, corrupt, message] of cases) {
    it(`${name}: NP601, nothing sent, nothing posted`, async () => {
      const site = liveSite(5);
      mkdirSync(path.join(site.dir, '.publish'));
      corrupt(ledgerOf(site));
      const before = posts();
      const run = await publish(site, ['release']);
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toContain('NP601');
      expect(run.stderr).toMatch(message);
      expect(delivered(site)).toBe(0);
      expect(posts()).toEqual(before);
      expect(existsSync(path.join(site.dir, 'public'))).toBe(false);
    });
  }

  it('a ledger the user may not read (run as nobody): NP601, nothing sent', async () => {
    const site = liveSite(5);
    mkdirSync(path.join(site.dir, '.publish'));
    writeFileSync(ledgerOf(site), JSON.stringify({ version: 1, issues: {}, pins: {} }));
    // nobody may enter every folder and read every file but the ledger.
    spawnSync('chmod', ['-R', 'a+rwX', site.dir, path.dirname(site.env.SUBSCRIBERS_FILE), servers.env.NODE_EXTRA_CA_CERTS]);
    chmodSync(ledgerOf(site), 0o000);
    for (let dir = path.dirname(site.dir); dir !== '/'; dir = path.dirname(dir)) chmodSync(dir, 0o755 | 0o1000);
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.resolve('dist/cli/bin.js'), 'release'], {
      cwd: site.dir, env: { PATH: process.env.PATH ?? '', HOME: '/tmp', ...site.env }, encoding: 'utf8',
    });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toMatch(/NP601.*cannot be read \(EACCES\)/);
    expect(delivered(site)).toBe(0);
  });
});

describe.skipIf(!hasShared)('state writes: a failure stops the run at once and is never a retry', () => {
  it('a read-only .publish is NP602 naming the folder and EROFS, not an internal error', async () => {
    const site = liveSite(5);
    const state = path.join(site.dir, '.publish');
    mkdirSync(state);
    mount(['-t', 'tmpfs', '-o', 'size=64k,ro', 'tmpfs', state]);
    try {
      const run = await publish(site, ['release']);
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toMatch(/NP602.*\.publish.*EROFS: the file system is read-only/);
      expect(run.stderr).not.toContain('internal error');
      expect(delivered(site)).toBe(0);
    } finally {
      mount(['-u', state]);
    }
  });

  it('the disk fills after Mastodon posted: NP602 names ledger.json and ENOSPC, Mastodon is reported published, the re-run posts nothing twice', async () => {
    const state = tempDir('np-state-');
    // Fills the state disk while Mastodon handles the post: the ledger write right after it fails.
    let fill: () => void = () => undefined;
    const proxy = await proxyTo(mastodon.url, (req) => {
      if (req.method === 'POST' && req.url === '/api/v1/statuses') fill();
    });
    const site = liveSite(0, '  - name: feed\n  - name: mastodon\n  - name: twitter\n', { MASTODON_URL: proxy.url });
    const dotPublish = path.join(site.dir, '.publish');
    mkdirSync(dotPublish);
    mount(['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dotPublish]);
    fill = () => fillDisk(path.join(dotPublish, 'filler'));
    const before = posts();
    try {
      const run = await publish(site, ['release']);
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toMatch(/NP602.*\.publish\/ledger\.json.*ENOSPC: the disk is full/);
      expect(run.stdout).toMatch(/ok\s+mastodon\s.*published: .*NOT recorded in the ledger/);
      expect(run.stdout).not.toMatch(/FAIL\s+mastodon/);
      expect(run.stdout).toMatch(/skip twitter\s.*not started: NP602/);
      expect(posts()).toEqual({ mastodon: before.mastodon + 1, twitter: before.twitter });
      // The fix: the state moves to a normal disk (as CI restores it from git), and the same command runs again.
      spawnSync('cp', ['-a', `${dotPublish}/.`, state]);
    } finally {
      mount(['-u', dotPublish]);
      await proxy.close();
    }
    spawnSync('cp', ['-a', `${state}/.`, dotPublish]);
    rmSync(path.join(dotPublish, 'filler'), { force: true });
    fill = () => undefined;
    const again = await publish(site, ['release'], { MASTODON_URL: mastodon.url });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(posts()).toEqual({ mastodon: before.mastodon + 1, twitter: before.twitter + 1 });
  });
});

function mount(args: string[]): void {
  const command = args[0] === '-u' ? 'umount' : 'mount';
  const r = spawnSync(command, args[0] === '-u' ? args.slice(1) : args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
}

function fillDisk(file: string): void {
  const chunk = Buffer.alloc(1024);
  try {
    for (let i = 0; i < 1 << 20; i++) writeFileSync(file, chunk, { flag: 'a' });
  } catch {
    // ENOSPC: full.
  }
}

/** An HTTP proxy in front of a fake server that can act before forwarding a request. */
async function proxyTo(target: string, before: (req: http.IncomingMessage) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      before(req);
      const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe.skipIf(!hasShared)('one publisher per ledger, under a race (real runs)', () => {
  // The lock itself is raced 20 times in tests/core/lock-race.test.ts; here whole publishers race.
  it('a publisher SIGKILLed mid-send, then 8 releases at once, 2 rounds: everyone reached, one publisher, duplicates ≤ pool size', { timeout: 600_000 }, async () => {
    for (let round = 0; round < 2; round++) {
      const site = liveSite(120, '  - name: email\n    maxConnections: 2\n');
      const killed = publish(site, ['release']);
      for (let i = 0; i < 1200 && delivered(site) < 10; i++) await new Promise((r) => setTimeout(r, 50));
      killed.kill();
      await killed;
      const racers = await Promise.all(Array.from({ length: 8 }, () => publish(site, ['release'])));
      const published = racers.filter((r) => /ok\s+email\s.*published/.test(r.stdout));
      const refused = racers.filter((r) => r.code === 1 && r.stderr.includes('NP600'));
      expect(published, racers.map((r) => r.stdout + r.stderr).join('\n---\n')).toHaveLength(1);
      expect(published.length + refused.length + racers.filter((r) => r.code === 0 && r.stdout.includes('nothing to publish')).length).toBe(8);
      const counts = site.subscribers.map((a) => smtp.counts.get(a) ?? 0);
      expect(counts.every((n) => n >= 1), `round ${round}: everyone reached`).toBe(true);
      expect(counts.reduce((sum, n) => sum + n - 1, 0), `round ${round}: duplicates`).toBeLessThanOrEqual(2);
    }
  });
});
