// The bluesky channel against a real PDS (with an in-memory PLC) on 127.0.0.1:
// one post per issue whatever crashes and re-runs, facets by UTF-8 byte range,
// a link card whose thumbnail blob exists, and both length limits at render.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBlueskyChannel, deterministicTid, type BlueskyDeps, type BlueskyOptions, type BlueskyPayload, type BlueskyReceipt } from '../../../channels/bluesky/index.js';
import type { Channel } from '../../../src/channel.js';
import { PublishError } from '../../../src/errors.js';
import { octoberIssue } from '../social/fixtures/issue.js';
import { MemoryLedger, publishThrough, testConfig, testContext } from '../social/helpers.js';
import { hasPds, startPds, type TestPds } from './pds.js';
import { noisePng } from './png.js';

type Bluesky = Channel<BlueskyOptions, BlueskyPayload, BlueskyReceipt>;
const config = testConfig();
const thumbnail = noisePng(64, 64);
const tooLarge = noisePng(600, 600); // ≈ 1.08 MB of noise
const images = new Map<string, Buffer>([
  ['https://xmpp.org/images/newsletter/october2020/movim_thread.png', thumbnail],
  ['https://xmpp.org/images/too-large.png', tooLarge],
]);
const fetched: string[] = [];
/** Image downloads never leave this machine: the issue's URLs are answered from memory. */
const fetchImage: BlueskyDeps['fetchImage'] = async (url) => {
  fetched.push(url);
  const bytes = images.get(url);
  if (!bytes) throw new Error(`GET ${url} answered 404`);
  return { bytes, mediaType: 'image/png' };
};
const noSleep = async () => undefined;

describe('options, credentials and length limits (no server)', () => {
  const channel: Bluesky = createBlueskyChannel({ fetchImage, sleep: noSleep });
  test('every option problem is listed at once', () => {
    try {
      channel.parseOptions({ hashtags: ['XMPP', 'two words'], language: 'English', image: 'ftp://x/y.png', colour: 'red' }, {}, config);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PublishError);
      expect((error as PublishError).code).toBe('NP204');
      expect((error as PublishError).details).toEqual([
        'channels.bluesky.colour: unknown option (known: hashtags, language, image, template)',
        'channels.bluesky.hashtags[1]: "two words" is not a hashtag (letters, digits and _ only, at least one letter)',
        'channels.bluesky.language: must be a language code such as en or de',
        'channels.bluesky.image: only http(s) URLs can be fetched',
      ]);
    }
  });
  test('verify: missing and malformed credentials, every problem in one NP202', async () => {
    const options = channel.parseOptions({}, {}, config);
    await expect(channel.verify(testContext(options, {}))).rejects.toMatchObject({ code: 'NP202', details: ['BLUESKY_IDENTIFIER is not set', 'BLUESKY_APP_PASSWORD is not set'] });
    await expect(channel.verify(testContext(options, { BLUESKY_IDENTIFIER: 'not a handle', BLUESKY_APP_PASSWORD: 'hunter2', BLUESKY_SERVICE: 'http://bsky.social' }))).rejects.toMatchObject({
      code: 'NP202',
      details: [
        expect.stringContaining('BLUESKY_IDENTIFIER must be a handle'),
        expect.stringContaining('BLUESKY_APP_PASSWORD must be an app password'),
        'BLUESKY_SERVICE must use https (plain http only for 127.0.0.1/localhost)',
      ],
    });
    await expect(channel.verify(testContext(options, { BLUESKY_IDENTIFIER: 'xmpp.org', BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop' }))).resolves.toBeUndefined();
    // A configured image file must exist; one over 1 MB is announced as left out.
    const creds = { BLUESKY_IDENTIFIER: 'xmpp.org', BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop' };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'np-bsky-image-'));
    await expect(channel.verify(testContext(channel.parseOptions({ image: path.join(dir, 'missing.png') }, {}, config), creds))).rejects.toMatchObject({ code: 'NP400', message: expect.stringContaining('missing.png cannot be read') });
    writeFileSync(path.join(dir, 'big.png'), tooLarge);
    const big = testContext(channel.parseOptions({ image: path.join(dir, 'big.png') }, {}, config), creds);
    await channel.verify(big);
    expect(big.lines.join('\n')).toMatch(/big\.png is \d+ bytes, more than Bluesky's 1000000: the card will go out without a thumbnail/);
  });
  test('the record key is a TID of the issue date, the same on every render, another for another issue', () => {
    const a = deterministicTid('2020-11-05T00:00:00Z', 'issue-a', 'bluesky');
    expect(a).toMatch(/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/);
    expect(deterministicTid('2020-11-05T00:00:00Z', 'issue-a', 'bluesky')).toBe(a);
    expect(deterministicTid('2020-11-05T00:00:00Z', 'issue-b', 'bluesky')).not.toBe(a);
    // The first 11 characters are the microseconds since 1970, base32-sortable.
    const S32 = '234567abcdefghijklmnopqrstuvwxyz';
    const value = [...a].reduce((n, c) => n * 32n + BigInt(S32.indexOf(c)), 0n);
    expect(Number(value >> 10n) / 1000).toBe(Date.parse('2020-11-05T00:00:00Z'));
  });

  // A template whose fixed text cannot be shortened: with the URL on its own line it is all that is left.
  function templateWith(fixed: string): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'np-bsky-template-'));
    writeFileSync(path.join(dir, 'en.txt'), `{{title}}\n\n${fixed}\n{{url}}\n`);
    return dir;
  }
  const url = octoberIssue().canonicalUrl;
  const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].length;
  async function renderWith(fixed: string) {
    const options = channel.parseOptions({ template: templateWith(fixed) }, {}, config);
    return channel.render(octoberIssue(), testContext(options, {}));
  }
  test('300 graphemes pass; 301 are refused at render with announcement-length', async () => {
    const fill = (n: number) => 'x'.repeat(n - graphemes(url) - 1);
    const ok = await renderWith(fill(300));
    expect(ok.findings ?? []).toEqual([]);
    expect(ok.payload.graphemes).toBe(300);
    const over = await renderWith(fill(301));
    expect(over.payload.graphemes).toBe(301);
    expect(over.findings).toEqual([expect.objectContaining({ rule: 'announcement-length', severity: 'error', message: expect.stringContaining('301/300 graphemes') })]);
  });
  test('3,000 UTF-8 bytes pass; 3,001 are refused although far below 300 graphemes', async () => {
    const family = '👩‍👩‍👧‍👦'; // one grapheme, 25 bytes
    const fill = (bytes: number) => {
      const rest = bytes - Buffer.byteLength(url) - 1;
      return family.repeat(Math.floor(rest / 25)) + 'y'.repeat(rest % 25);
    };
    const ok = await renderWith(fill(3000));
    expect(ok.payload.bytes).toBe(3000);
    expect(ok.findings ?? []).toEqual([]);
    const over = await renderWith(fill(3001));
    expect(over.payload.bytes).toBe(3001);
    expect(over.payload.graphemes).toBeLessThan(200);
    expect(over.findings).toEqual([expect.objectContaining({ rule: 'announcement-length', message: expect.stringContaining('3001/3000 UTF-8 bytes') })]);
  });
  test('render is deterministic and writes bluesky.txt and bluesky.json', async () => {
    const options = channel.parseOptions({ hashtags: ['XMPP', 'Jabber'] }, {}, config);
    const a = await channel.render(octoberIssue(), testContext(options, {}));
    const b = await channel.render(octoberIssue(), testContext(options, {}));
    expect(a.artifacts).toEqual(b.artifacts);
    expect(a.artifacts.map((x) => x.path)).toEqual(['2020-10-newsletter-10-october/bluesky.txt', '2020-10-newsletter-10-october/bluesky.json']);
    const json = JSON.parse(String(a.artifacts[1]?.content)) as { rkey: string; record: { facets: unknown[] }; thumbnail: { url: string } };
    expect(json.rkey).toBe(a.payload.rkey);
    expect(json.record.facets).toHaveLength(3);
    expect(json.thumbnail).toEqual({ url: 'https://xmpp.org/images/newsletter/october2020/movim_thread.png' });
    expect(fetched).toEqual([]);
  });
});

if (!hasPds) console.warn('SKIPPED: bluesky PDS tests — tests/pds/node_modules is missing (run `npm ci --prefix tests/pds`)');

describe.skipIf(!hasPds)('against a real PDS on 127.0.0.1', () => {
  let pds: TestPds;
  beforeAll(async () => {
    pds = await startPds();
  }, 150_000);
  afterAll(async () => pds?.stop());

  const env = () => ({ BLUESKY_IDENTIFIER: pds.handle, BLUESKY_APP_PASSWORD: pds.appPassword, BLUESKY_SERVICE: pds.url });
  async function posts(): Promise<{ uri: string; value: Record<string, unknown> }[]> {
    const agent = new AtpAgent({ service: pds.url });
    const { data } = await agent.com.atproto.repo.listRecords({ repo: pds.did, collection: 'app.bsky.feed.post', limit: 100 });
    return data.records as { uri: string; value: Record<string, unknown> }[];
  }

  test('probe logs in; a wrong app password fails with NP400 before anything is posted', async () => {
    const channel = createBlueskyChannel({ fetchImage, sleep: noSleep });
    const options = channel.parseOptions({}, {}, config);
    const ctx = testContext(options, env());
    await channel.probe?.(ctx);
    expect(ctx.lines.join('\n')).toContain(`logged in as @${pds.handle}`);
    const wrong = createBlueskyChannel({ fetchImage, sleep: noSleep });
    await expect(wrong.probe?.(testContext(options, { ...env(), BLUESKY_APP_PASSWORD: 'aaaa-bbbb-cccc-dddd' }))).rejects.toMatchObject({ code: 'NP400' });
  }, 30_000);

  test('release, crash before the ledger write, two more releases: exactly one post with facets and a thumbnail', async () => {
    const raw = { hashtags: ['XMPP', 'Jabber'] };
    const issue = octoberIssue();
    // Release 1: posted, then the process dies before the ledger is written (the ledger is thrown away).
    const first = await publishThrough(createBlueskyChannel({ fetchImage, sleep: noSleep }), raw, env(), config, new MemoryLedger(), issue);
    expect(first.receipt).toMatchObject({ channel: 'bluesky', existing: false, thumbnail: true });
    // Releases 2 and 3, each a new process with no ledger entry: the record key finds the post.
    const second = await publishThrough(createBlueskyChannel({ fetchImage, sleep: noSleep }), raw, env(), config, new MemoryLedger(), issue);
    const third = await publishThrough(createBlueskyChannel({ fetchImage, sleep: noSleep }), raw, env(), config, new MemoryLedger(), issue);
    expect(second.receipt).toMatchObject({ existing: true, uri: first.receipt.uri });
    expect(third.receipt).toMatchObject({ existing: true, uri: first.receipt.uri });
    expect(first.receipt.uri).toBe(`at://${pds.did}/app.bsky.feed.post/${first.rendered.payload.rkey}`);
    expect(first.receipt.url).toBe(`https://bsky.app/profile/${pds.handle}/post/${first.rendered.payload.rkey}`);
    expect(createBlueskyChannel().describe(first.receipt)).toBe(`posted ${first.receipt.url} (${first.receipt.uri})`);

    const records = (await posts()).filter((r) => r.uri === first.receipt.uri || String(r.value['text']).includes(issue.canonicalUrl));
    expect(records).toHaveLength(1);
    const record = records[0]!.value as { text: string; langs: string[]; facets: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri?: string; tag?: string }[] }[]; embed: { external: { uri: string; title: string; thumb: { ref: { toString(): string }; size: number } } } };
    expect(record.langs).toEqual(['en']);
    // Every facet covers exactly its link or hashtag, counted in UTF-8 bytes of the text.
    const bytes = Buffer.from(record.text, 'utf8');
    const covered = record.facets.map((f) => [bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8'), f.features[0]]);
    expect(covered).toEqual([
      [issue.canonicalUrl, { $type: 'app.bsky.richtext.facet#link', uri: issue.canonicalUrl }],
      ['#XMPP', { $type: 'app.bsky.richtext.facet#tag', tag: 'XMPP' }],
      ['#Jabber', { $type: 'app.bsky.richtext.facet#tag', tag: 'Jabber' }],
    ].sort((a, b) => record.text.indexOf(String(a[0])) - record.text.indexOf(String(b[0]))));
    expect(record.embed.external).toMatchObject({ uri: issue.canonicalUrl, title: issue.title });
    // The thumbnail blob exists on the PDS and holds the issue's first image.
    const agent = new AtpAgent({ service: pds.url });
    const blob = await agent.com.atproto.sync.getBlob({ did: pds.did, cid: record.embed.external.thumb.ref.toString() });
    expect(Buffer.from(blob.data).equals(thumbnail)).toBe(true);
  }, 60_000);

  test('two issues of one instant whose record keys collide (1 in 1,024) each get their own post; re-runs find their own', async () => {
    // Two ids of one date with the same 10-bit clock id, found by trying paths.
    const date = '2021-03-05T00:00:00Z';
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let n = 0; !pair; n++) {
      const id = `tag:xmpp.org,2021-03-05:/2021/03/special-${n}/`;
      const rkey = deterministicTid(date, id, 'bluesky');
      const other = seen.get(rkey);
      if (other) pair = [other, id];
      seen.set(rkey, id);
    }
    const issueOf = (id: string) => octoberIssue({ id, key: id.split(':').pop()!.replace(/\//g, '-'), date, canonicalUrl: `https://xmpp.org${id.split(':').pop()!}`, images: [] });
    const [a, b] = pair.map(issueOf) as [ReturnType<typeof issueOf>, ReturnType<typeof issueOf>];
    const channel = () => createBlueskyChannel({ fetchImage, sleep: noSleep });
    const first = await publishThrough(channel(), {}, env(), config, new MemoryLedger(), a);
    const second = await publishThrough(channel(), {}, env(), config, new MemoryLedger(), b);
    expect(second.rendered.payload.rkey).toBe(first.rendered.payload.rkey);
    expect(first.receipt).toMatchObject({ existing: false, rkey: first.rendered.payload.rkey });
    expect(second.receipt.existing).toBe(false);
    expect(second.receipt.rkey).not.toBe(first.receipt.rkey);
    expect(second.ctx.lines.join('\n')).toContain(`record ${first.receipt.rkey} holds the post of another issue (${a.canonicalUrl})`);
    // Crashes before the ledger write: each re-run finds its own post, in either order.
    const againB = await publishThrough(channel(), {}, env(), config, new MemoryLedger(), b);
    const againA = await publishThrough(channel(), {}, env(), config, new MemoryLedger(), a);
    expect(againB.receipt).toMatchObject({ existing: true, uri: second.receipt.uri });
    expect(againA.receipt).toMatchObject({ existing: true, uri: first.receipt.uri });
    const links = (await posts()).map((r) => (r.value as { embed?: { external?: { uri?: string } } }).embed?.external?.uri);
    expect(links.filter((l) => l === a.canonicalUrl)).toHaveLength(1);
    expect(links.filter((l) => l === b.canonicalUrl)).toHaveLength(1);
  }, 60_000);

  test('a create whose answer is lost is looked up, not repeated; a thumbnail over 1 MB is left out with a warning', async () => {
    let creates = 0;
    const lossy = createBlueskyChannel({
      fetchImage,
      sleep: noSleep,
      createAgent: (service) => {
        const agent = new AtpAgent({ service });
        const original = agent.com.atproto.repo.createRecord.bind(agent.com.atproto.repo);
        agent.com.atproto.repo.createRecord = async (...args: Parameters<typeof original>) => {
          creates++;
          await original(...args);
          throw new Error('socket hang up'); // the server applied it; the answer never arrived
        };
        return agent;
      },
    });
    const issue = octoberIssue({ id: 'tag:xmpp.org,2020-12-05:/2020/11/newsletter/', key: '2020-11-newsletter', date: '2020-12-05T00:00:00Z', canonicalUrl: 'https://xmpp.org/2020/11/newsletter/', images: [{ src: 'https://xmpp.org/images/too-large.png', alt: 'big', line: 1 }] });
    expect(tooLarge.byteLength).toBeGreaterThan(1_000_000);
    const { receipt, ctx } = await publishThrough(lossy, {}, env(), config, new MemoryLedger(), issue);
    expect(creates).toBe(1);
    expect(receipt).toMatchObject({ existing: true, thumbnail: false });
    expect(ctx.lines.join('\n')).toMatch(/without a thumbnail: https:\/\/xmpp\.org\/images\/too-large\.png is \d+ bytes, more than Bluesky's 1000000/);
    expect((await posts()).filter((r) => String(r.value['text']).includes(issue.canonicalUrl))).toHaveLength(1);
  }, 60_000);
});
