// The job the tool exists for, end to end: a temporary git repository with the
// bundled content, a real SMTP server, fake Mastodon and Twitter servers, and
// the built `publish release` run as CI runs it (separate processes, CI=true).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmtpHarness } from '../channels/email/smtp-harness.js';
import type { FakeMastodon } from '../channels/social/fakes/mastodon-server.js';
import type { FakeTwitter } from '../channels/social/fakes/twitter-server.js';
import { bin, tempDir } from '../core/helpers.js';
import { fixtureProject } from '../fixtures/project.js';
import { commitAll, createFixtureSite, publish, type LiveSite, type Run } from './live-site.js';
import { startClassicServers, type ClassicServers } from './servers.js';

let servers: ClassicServers;
let smtp: SmtpHarness;
let mastodon: FakeMastodon;
let twitter: FakeTwitter;

beforeAll(async () => {
  servers = await startClassicServers({ keepRaw: true });
  ({ smtp, mastodon, twitter } = servers);
});
afterAll(async () => {
  await servers?.stop();
});

type Site = LiveSite;

function createSite(subscriberCount: number, overrides: Record<string, string> = {}): Site {
  return createFixtureSite({ subscribers: subscriberCount, env: { ...servers.env, ...overrides } });
}

function release(site: Site, args: string[] = []): ReturnType<typeof publish> {
  return publish(site, ['release', ...args]);
}

/** Messages the SMTP server accepted for these addresses, counted per address. */
function deliveries(addresses: readonly string[]): Map<string, number> {
  const wanted = new Set(addresses);
  const counts = new Map<string, number>();
  for (const message of smtp.received) for (const to of message.envelopeTo) if (wanted.has(to)) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

/** The bundled October issue re-dated and moved: a new issue as an editor would add it. */
function issueLike(title: string, date: string, alias: string): string {
  return readFileSync(path.join(fixtureProject, 'content/2020-11-05-newsletter.md'), 'utf8')
    .replace('title: The XMPP Newsletter October 2020', `title: ${title}`)
    .replace('date: 2020-11-05', `date: ${date}`)
    .replace('"/2020/10/newsletter-10-october/"', `"${alias}"`);
}

const postsFor = (url: string) => ({
  mastodon: mastodon.statuses.filter((s) => s.text.includes(url)).length,
  twitter: twitter.tweets.filter((t) => t.text.includes(url)).length,
});

const OCTOBER = 'https://xmpp.org/2020/10/newsletter-10-october/';

/** `channel issue decision` for each plan line a run printed (`plan CHANNEL ISSUE publish|skip — reason`). */
function planOf(stdout: string): string[] {
  return stdout.split('\n').flatMap((line) => {
    const m = /^plan (\S+)\s+(\S+)\s+(publish|skip — .*)$/.exec(line);
    return m ? [`${m[1]} ${m[2]} ${m[3]}`] : [];
  });
}

/** `channel issue` for each outcome line that says published; a site-wide one covers what the plan published on it. */
function publishedBy(stdout: string, plan: readonly string[]): string[] {
  return stdout.split('\n').flatMap((line) => {
    const m = /^ok\s+(\S+)\s+(\S+)\s+published:/.exec(line);
    if (!m) return [];
    if (m[2] !== '(site)') return [`${m[1]} ${m[2]}`];
    return plan.filter((p) => p.startsWith(`${m[1]} `) && p.endsWith(' publish')).map((p) => p.replace(/ publish$/, ''));
  }).sort();
}

/** A dry run, then the live run: the live run prints the same plan and does exactly what it says. */
async function releaseAsPlanned(site: Site): Promise<Run> {
  const dry = await release(site, ['--dry-run', '--out', path.join(tempDir('np-release-out-'), 'out')]);
  const plan = planOf(dry.stdout);
  expect(plan.length, dry.stdout + dry.stderr).toBeGreaterThan(0);
  const live = await release(site);
  expect(planOf(live.stdout)).toEqual(plan);
  const publish = plan.filter((p) => p.endsWith(' publish')).map((p) => p.replace(/ publish$/, '')).sort();
  expect(publishedBy(live.stdout, plan)).toEqual(publish);
  // Every skip of the plan was a skip: nothing else went out.
  const skipped = plan.filter((p) => !p.endsWith(' publish')).map((p) => p.split(' ').slice(0, 2).join(' '));
  expect(publishedBy(live.stdout, plan).filter((p) => skipped.includes(p))).toEqual([]);
  return live;
}

describe('publish release end to end', () => {
  it('publishes the ready issue on every channel, skips the draft, and a second run does nothing', async () => {
    const site = createSite(25);
    const first = await releaseAsPlanned(site);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('content/2020-12-08-newsletter.md: skipped, it is a draft');
    // The plan names the draft on every channel, and the ready issue on every channel.
    expect(planOf(first.stdout).filter((p) => p.endsWith('skip — draft'))).toHaveLength(4);
    expect(planOf(first.stdout).filter((p) => p.endsWith(' publish'))).toHaveLength(4);
    for (const channel of ['feed', 'email', 'mastodon', 'twitter']) expect(first.stdout).toMatch(new RegExp(`ok\\s+${channel}\\s.*published`));

    const counts = deliveries(site.subscribers);
    expect(counts.size).toBe(25);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const atom = readFileSync(path.join(site.dir, 'public/feed/atom.xml'), 'utf8');
    expect(atom).toContain('The XMPP Newsletter October 2020');
    expect(atom).not.toContain('November 2020');

    const ledger = JSON.parse(readFileSync(path.join(site.dir, '.publish/ledger.json'), 'utf8')) as { issues: Record<string, Record<string, unknown>> };
    expect(Object.keys(ledger.issues)).toEqual(['tag:xmpp.org,2020-11-05:/2020/10/newsletter-10-october/']);
    expect(Object.keys(Object.values(ledger.issues)[0]).sort()).toEqual(['email', 'feed', 'mastodon', 'twitter']);
    expect(readFileSync(path.join(site.dir, '.publish/ledger.json'), 'utf8')).not.toContain(site.subscribers[0]);

    const before = { smtp: smtp.received.length, mastodon: mastodon.statuses.length, twitter: twitter.tweets.length };
    const second = await release(site);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain('nothing to publish');
    expect({ smtp: smtp.received.length, mastodon: mastodon.statuses.length, twitter: twitter.tweets.length }).toEqual(before);

    // An edit after publication is reported, never silently re-sent.
    const october = path.join(site.dir, 'content/2020-11-05-newsletter.md');
    writeFileSync(october, readFileSync(october, 'utf8') + '\nA late correction.\n');
    const edited = await release(site);
    expect(edited.code, edited.stdout + edited.stderr).toBe(0);
    expect(edited.stderr).toContain('content/2020-11-05-newsletter.md changed after it was published (NP501)');
    expect({ smtp: smtp.received.length, mastodon: mastodon.statuses.length, twitter: twitter.tweets.length }).toEqual(before);

    // A new issue merged later: only it goes out.
    const issue = issueLike('The XMPP Newsletter January 2021', '2021-01-05', '/2021/01/newsletter-01-january/')
      .replace('voil√†', 'voilà');
    writeFileSync(path.join(site.dir, 'content/2021-01-05-newsletter.md'), issue);
    commitAll(site.dir, 'January issue');
    const third = await releaseAsPlanned(site);
    expect(third.code, third.stdout + third.stderr).toBe(0);
    expect(planOf(third.stdout).filter((p) => p.includes('2020-10-newsletter-10-october'))).toEqual(
      ['feed', 'email', 'mastodon', 'twitter'].map((c) => expect.stringMatching(new RegExp(`^${c} 2020-10-newsletter-10-october skip — already published`))),
    );
    const january = 'https://xmpp.org/2021/01/newsletter-01-january/';
    expect(postsFor(january)).toEqual({ mastodon: 1, twitter: 1 });
    expect(postsFor(OCTOBER).mastodon).toBeGreaterThanOrEqual(1);
    const newMail = smtp.received.slice(before.smtp);
    expect(newMail).toHaveLength(25);
    expect(newMail.every((m) => m.raw.toString('utf8').includes('January 2021'))).toBe(true);
    expect(readFileSync(path.join(site.dir, 'public/feed/atom.xml'), 'utf8')).toContain('January 2021');

    // A deliberate re-publish of one channel: --force feed rewrites the feed and nothing else.
    const ledgerFile = path.join(site.dir, '.publish/ledger.json');
    const feedAt = (JSON.parse(readFileSync(ledgerFile, 'utf8')) as { issues: Record<string, Record<string, { at: string }>> }).issues;
    const januaryId = Object.keys(feedAt).find((id) => id.includes('2021/01'))!;
    const beforeForce = { smtp: smtp.received.length, mastodon: mastodon.statuses.length, twitter: twitter.tweets.length };
    const forced = await release(site, ['--channel', 'feed', '--force', 'feed']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/ok\s+feed\s.*published/);
    const after = (JSON.parse(readFileSync(ledgerFile, 'utf8')) as { issues: Record<string, Record<string, { at: string }>> }).issues;
    expect(after[januaryId].feed.at >= feedAt[januaryId].feed.at).toBe(true);
    expect({ smtp: smtp.received.length, mastodon: mastodon.statuses.length, twitter: twitter.tweets.length }).toEqual(beforeForce);
  }, 180_000); // eight runs of the CLI, two of them dry runs that the live runs are checked against

  it('an issue with lint errors goes nowhere, not even into the feed, while the others are published', async () => {
    const site = createSite(3);
    // Dated like October: a newer ready file would make October a back issue on this first release (archive-facts.ts).
    const broken = issueLike('The XMPP Newsletter March 2021', '2020-11-05', '/2021/03/newsletter-03-march/')
      .replace('Thanks to edhelas', 'Thanks to [CONTRIBUTORS] and edhelas');
    writeFileSync(path.join(site.dir, 'content/2021-03-05-newsletter.md'), broken);
    const future = issueLike('The XMPP Newsletter Scheduled 2099', '2099-01-05', '/2099/01/newsletter-scheduled/');
    writeFileSync(path.join(site.dir, 'content/2099-01-05-newsletter.md'), future);
    const run = await releaseAsPlanned(site);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/BLCK email\s+2021-03-newsletter-03-march/);
    expect(planOf(run.stdout)).toContain('twitter 2021-03-newsletter-03-march skip — blocked by findings: NP303 1 error (placeholder) blocks every channel: run `publish check`');
    expect(run.stdout).toContain('content/2099-01-05-newsletter.md: skipped, dated in the future');
    const atom = readFileSync(path.join(site.dir, 'public/feed/atom.xml'), 'utf8');
    expect(atom).toContain('October 2020');
    expect(atom).not.toContain('March 2021');
    expect(atom).not.toContain('Scheduled 2099');
    expect(postsFor('https://xmpp.org/2021/03/newsletter-03-march/')).toEqual({ mastodon: 0, twitter: 0 });
    expect(smtp.received.filter((m) => m.envelopeTo.some((to) => site.subscribers.includes(to)) && m.raw.toString().includes('March 2021'))).toHaveLength(0);
  }, 60_000);

  it('--to sends one [TEST] copy to one address and records nothing', async () => {
    const site = createSite(50);
    const before = smtp.received.length;
    const child = spawn(process.execPath, [bin, '--to', 'editor@review.example.org'], {
      cwd: site.dir, env: { PATH: process.env.PATH ?? '', ...site.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, out).toBe(0);
    const sent = smtp.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].envelopeTo).toEqual(['editor@review.example.org']);
    expect(sent[0].raw.toString('utf8')).toMatch(/^Subject: \[TEST\] The XMPP Newsletter October 2020/m);
    expect(existsSync(path.join(site.dir, '.publish/ledger.json'))).toBe(false);
    expect(out).toMatch(/test copy sent to editor@review.example.org .*nothing recorded/);
  });

  it('--since REF limits a release to the issues changed since that commit', async () => {
    const site = createSite(1);
    const issue = issueLike('The XMPP Newsletter February 2021', '2021-02-05', '/2021/02/newsletter-02-february/');
    writeFileSync(path.join(site.dir, 'content/2021-02-05-newsletter.md'), issue);
    commitAll(site.dir, 'February issue');
    const run = await release(site, ['--since', 'HEAD~1', '--dry-run', '--out', path.join(site.dir, 'out')]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(site.dir, 'out/manifest.json'), 'utf8')) as { artifacts: Array<{ issue: string | null }> };
    const issues = new Set(manifest.artifacts.map((a) => a.issue).filter(Boolean));
    expect([...issues]).toEqual(['2021-02-newsletter-02-february']);
    expect(run.stdout).toContain('The XMPP Newsletter February 2021');
    const bad = await release(site, ['--since', 'no-such-ref', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since no-such-ref');
    expect(bad.stderr).toMatch(/NP105.*\n?.*fetch-depth: 0/s);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('killed during the email send, then re-run: everyone once, one post per platform', async () => {
    const site = createSite(1500);
    const url = 'https://xmpp.org/2020/10/newsletter-10-october/';
    const postsBefore = postsFor(url);
    const first = release(site);
    const start = smtp.received.length;
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (smtp.received.length - start >= 300) {
          clearInterval(timer);
          first.kill();
          resolve();
        }
      }, 2);
      void first.then((run) => {
        clearInterval(timer);
        reject(new Error(`release finished before the kill: ${run.stdout}${run.stderr}`));
      });
    });
    await first;
    const partial = deliveries(site.subscribers).size;
    expect(partial).toBeLessThan(1500);
    expect(postsFor(url)).toEqual(postsBefore); // social waits for the email to finish

    const second = await release(site);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const counts = deliveries(site.subscribers);
    expect(counts.size).toBe(1500);
    const repeats = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(repeats).toBeLessThanOrEqual(5); // at most the pool's in-flight messages
    // Mastodon's idempotency key and Twitter's duplicate check keep it to one post each.
    const after = postsFor(url);
    expect(after.mastodon - postsBefore.mastodon).toBeLessThanOrEqual(1);
    expect(after.twitter - postsBefore.twitter).toBeLessThanOrEqual(1);
    expect(second.stdout).toMatch(/skip\s+feed\s.*already published/);
  }, 120_000);

  it('reports every verify and probe failure in one run and publishes nothing', async () => {
    const site = createSite(5, {
      SMTP_URL: 'smtp://127.0.0.1:9', // nothing listens on the discard port
      MASTODON_TOKEN: 'wrong-token-0000000000',
      TWITTER_ACCESS_SECRET: 'wrong-secret',
      UNSUBSCRIBE_SECRET: '',
    });
    const before = { smtp: smtp.received.length, mastodon: mastodon.statuses.length, twitter: twitter.tweets.length };
    const run = await release(site);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NP400');
    expect(run.stderr).toMatch(/email \(verify\).*UNSUBSCRIBE_SECRET/);
    expect(run.stderr).toMatch(/mastodon \(probe\)/);
    expect(run.stderr).toMatch(/twitter \(probe\)/);
    expect(run.stderr).toContain('nothing was sent');
    expect(run.stderr).not.toContain('wrong-token-0000000000');
    expect({ smtp: smtp.received.length, mastodon: mastodon.statuses.length, twitter: twitter.tweets.length }).toEqual(before);
    expect(existsSync(path.join(site.dir, 'public/feed/atom.xml'))).toBe(false);
    expect(existsSync(path.join(site.dir, '.publish/ledger.json'))).toBe(false);
  });

  it('an unreachable SMTP server is caught by the probe before anything is sent', async () => {
    const site = createSite(5, { SMTP_URL: 'smtp://127.0.0.1:9' });
    const run = await release(site);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/email \(probe\)/);
    expect(existsSync(path.join(site.dir, 'public/feed/atom.xml'))).toBe(false);
  });

  it('a second release on the same ledger waits its turn: it exits with NP600 while the first holds the lock', async () => {
    const site = createSite(1);
    mkdirSync(path.join(site.dir, '.publish'), { recursive: true });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    // A lock generation held by a live process (src/lock.ts): its owner file names the pid.
    mkdirSync(path.join(site.dir, '.publish/publish.lock.d'));
    writeFileSync(path.join(site.dir, '.publish/publish.lock.d/1'), JSON.stringify({ pid: holder.pid, host: hostname(), nonce: 'held-by-test', at: new Date().toISOString() }));
    try {
      const run = await release(site);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('NP600');
      expect(run.stderr).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });
});
