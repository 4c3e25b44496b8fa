// `publish release` (the built CLI, as CI runs it) against a real PDS and a
// real Prosody on 127.0.0.1, with one PDS and one Prosody for the whole file.
// 1. A real crash: a test preload (tests/preload/) SIGKILLs the CLI right after
//    one channel published, at the ledger's write-then-rename; two more
//    releases follow. Once per channel: one post (facets by byte range, the
//    thumbnail blob on the PDS), one item, one notification, one room message.
// 2. All seven channels at once on the fixture project: each publishes once, a
//    second release publishes nothing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noisePng } from '../channels/bluesky/png.js';
import { repoRoot, seed000 } from '../core/helpers.js';
import { createFixtureSite, createLiveSite, publish, type LiveSite, type Run } from './live-site.js';
import { hasOpenServers, openChannelsConfig, ROOM, startClassicServers, startOpenServers, type ClassicServers, type OpenCounts, type OpenServers, type PostRecord } from './servers.js';

const PRELOAD = path.join(repoRoot, 'tests/preload/sigkill-before-ledger-write.ts');
const CHANNELS = ['bluesky', 'xmpp-pubsub', 'xmpp-muc'] as const;
type OpenChannel = (typeof CHANNELS)[number];
/** What each channel's own count is, and what it says when a re-run finds its earlier send. */
const FOUND: Record<OpenChannel, { count: keyof OpenCounts; says: string }> = {
  bluesky: { count: 'posts', says: 'is already there' },
  'xmpp-pubsub': { count: 'items', says: 'is already on' },
  'xmpp-muc': { count: 'roomMessages', says: `already in ${ROOM}'s archive` },
};
const ONCE: OpenCounts = { posts: 1, items: 1, notifications: 1, roomMessages: 1 };
const THUMBNAIL = noisePng(64, 64);

if (!hasOpenServers) console.warn('SKIPPED: release on Bluesky and XMPP — needs tests/pds/node_modules (npm ci --prefix tests/pds) and /usr/bin/prosody');

describe.skipIf(!hasOpenServers)('publish release on Bluesky, XMPP PubSub and MUC', () => {
  let open: OpenServers;
  let classic: ClassicServers;
  beforeAll(async () => {
    [open, classic] = await Promise.all([startOpenServers(), startClassicServers()]);
  }, 150_000);
  afterAll(async () => {
    await Promise.all([open?.stop(), classic?.stop()]);
  });

  const output = (run: Run) => run.stdout + run.stderr;
  const ledgerFile = (site: LiveSite) => path.join(site.dir, '.publish/ledger.json');
  function ledgerChannels(site: LiveSite): string[] {
    if (!existsSync(ledgerFile(site))) return [];
    const ledger = JSON.parse(readFileSync(ledgerFile(site), 'utf8')) as { issues: Record<string, Record<string, unknown>> };
    return Object.values(ledger.issues).flatMap((channels) => Object.keys(channels)).sort();
  }
  function withThumbnail(site: LiveSite): LiveSite {
    writeFileSync(path.join(site.dir, 'thumbnail.png'), THUMBNAIL);
    return site;
  }

  /** The one post for `url`: its facets cover the link and each hashtag by UTF-8 byte range; its thumbnail is on the PDS. */
  async function expectPost(url: string, title: string): Promise<void> {
    const records: PostRecord[] = (await open.posts()).filter((r) => r.value.text.includes(url));
    expect(records).toHaveLength(1);
    const record = records[0]!.value;
    const bytes = Buffer.from(record.text, 'utf8');
    const covered = (record.facets ?? []).map((f) => [bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8'), f.features[0]]);
    expect(covered).toEqual(expect.arrayContaining([
      [url, { $type: 'app.bsky.richtext.facet#link', uri: url }],
      ['#XMPP', { $type: 'app.bsky.richtext.facet#tag', tag: 'XMPP' }],
      ['#Jabber', { $type: 'app.bsky.richtext.facet#tag', tag: 'Jabber' }],
    ]));
    expect(covered).toHaveLength(3);
    expect(record.embed?.external).toMatchObject({ uri: url, title });
    const thumb = record.embed?.external?.thumb;
    expect(thumb, 'the card has a thumbnail').toBeDefined();
    expect((await open.blob(thumb!.ref.toString())).equals(THUMBNAIL)).toBe(true);
  }

  /** The seed issue re-dated and moved, one per kill: its own record key, item id and origin-id. */
  function issueKilledAt(channel: OpenChannel, month: number): { text: string; title: string; url: string } {
    const title = `The XMPP Newsletter killed after ${channel}`;
    const slug = `/2021/0${month}/killed-after-${channel}/`;
    const text = readFileSync(seed000, 'utf8')
      .replace('title: The XMPP Newsletter October 2020', `title: ${title}`)
      .replace('date: 2020-11-05', `date: 2021-0${month + 1}-05`)
      .replace('"/2020/10/newsletter-10-october/"', `"${slug}"`);
    expect(text).toContain(slug);
    return { text, title, url: `https://xmpp.org${slug}` };
  }

  it.each(CHANNELS.map((channel, i) => [channel, i] as const))('SIGKILL after %s published, before the ledger write, then two releases: everything once', async (channel, index) => {
    const issue = issueKilledAt(channel, index + 1);
    const site = withThumbnail(createLiveSite({ channels: openChannelsConfig('thumbnail.png'), issue: issue.text, env: open.env }));

    const crashed = await publish(site, ['release'], { NP_TEST_SIGKILL_BEFORE_LEDGER: channel }, ['--import', PRELOAD]);
    expect(crashed.signal, output(crashed)).toBe('SIGKILL');
    expect(crashed.stderr).toContain(`test preload: SIGKILL before ${ledgerFile(site)} records ${channel}`);
    // Sent, but the ledger knows only the channels that came before it in the config.
    const before = CHANNELS.slice(0, index);
    expect(ledgerChannels(site)).toEqual([...before].sort());
    const afterCrash = await open.counts(issue.url);
    for (const c of CHANNELS) expect(afterCrash[FOUND[c].count], `${c} right after the crash`).toBe(CHANNELS.indexOf(c) <= index ? 1 : 0);

    const second = await publish(site, ['release']);
    expect(second.code, output(second)).toBe(0);
    expect(output(second)).toContain(FOUND[channel].says);
    expect(second.stdout).toMatch(new RegExp(`ok\\s+${channel}\\s`));
    for (const c of CHANNELS.slice(index + 1)) expect(second.stdout).toMatch(new RegExp(`ok\\s+${c}\\s.*published`));
    expect(ledgerChannels(site)).toEqual([...CHANNELS].sort());
    const third = await publish(site, ['release']);
    expect(third.code, output(third)).toBe(0);
    expect(third.stdout).toContain('nothing to publish');

    expect(await open.counts(issue.url)).toEqual(ONCE);
    await expectPost(issue.url, issue.title);
    for (const run of [crashed, second, third]) for (const secret of open.secrets) expect(output(run)).not.toContain(secret);
  }, 120_000);

  it('all seven channels publish once on the fixture project; a second release publishes nothing', async () => {
    const site = withThumbnail(createFixtureSite({ subscribers: 12, channels: openChannelsConfig('thumbnail.png'), env: { ...classic.env, ...open.env } }));
    const october = 'https://xmpp.org/2020/10/newsletter-10-october/';
    const first = await publish(site, ['release']);
    expect(first.code, output(first)).toBe(0);
    for (const channel of ['feed', 'email', 'mastodon', 'twitter', ...CHANNELS]) expect(first.stdout).toMatch(new RegExp(`ok\\s+${channel}\\s.*published`));
    expect(readFileSync(path.join(site.dir, 'public/feed/atom.xml'), 'utf8')).toContain(october);
    const mail = () => classic.smtp.received.filter((m) => m.envelopeTo.some((to) => site.subscribers.includes(to)));
    expect(mail()).toHaveLength(12);
    expect(new Set(mail().flatMap((m) => m.envelopeTo))).toEqual(new Set(site.subscribers));
    expect(classic.mastodon.statuses.filter((s) => s.text.includes(october))).toHaveLength(1);
    expect(classic.twitter.tweets.filter((t) => t.text.includes(october))).toHaveLength(1);
    expect(await open.counts(october)).toEqual(ONCE);
    await expectPost(october, 'The XMPP Newsletter October 2020');
    expect(ledgerChannels(site)).toEqual(['bluesky', 'email', 'feed', 'mastodon', 'twitter', 'xmpp-muc', 'xmpp-pubsub']);

    // Nothing that creates anything reaches a server the second time.
    const creates = () => ({
      smtp: classic.smtp.received.length,
      mastodon: classic.mastodon.requests.filter((r) => r.method === 'POST' && r.path !== '/oauth/token').length,
      twitter: classic.twitter.requests.filter((r) => r.method === 'POST').length,
    });
    const atom = readFileSync(path.join(site.dir, 'public/feed/atom.xml'), 'utf8');
    const beforeSecond = { ...creates(), posts: (await open.posts()).length };
    const second = await publish(site, ['release']);
    expect(second.code, output(second)).toBe(0);
    expect(second.stdout).toContain('nothing to publish');
    expect({ ...creates(), posts: (await open.posts()).length }).toEqual(beforeSecond);
    expect(await open.counts(october)).toEqual(ONCE);
    expect(readFileSync(path.join(site.dir, 'public/feed/atom.xml'), 'utf8')).toBe(atom);
    for (const secret of open.secrets) expect(output(first) + output(second)).not.toContain(secret);
  }, 120_000);
});
