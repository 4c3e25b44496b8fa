// The mastodon channel against a fake instance on 127.0.0.1: one post per
// issue, whatever is re-run, within the instance's own limit.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createMastodonChannel, type MastodonOptions, type MastodonPayload, type MastodonReceipt } from '../../../channels/mastodon/index.js';
import type { Channel } from '../../../src/channel.js';
import { PublishError } from '../../../src/errors.js';
import { FakeMastodon } from './fakes/mastodon-server.js';
import { octoberIssue } from './fixtures/issue.js';
import { MemoryLedger, testConfig, testContext, publishThrough } from './helpers.js';

type Mastodon = Channel<MastodonOptions, MastodonPayload, MastodonReceipt>;
const channel: Mastodon = createMastodonChannel();
const config = testConfig();

let server: FakeMastodon;
let clock = Date.parse('2020-11-05T10:00:00Z');
beforeEach(async () => {
  clock = Date.parse('2020-11-05T10:00:00Z');
  server = await new FakeMastodon({ now: () => clock }).start();
});
afterEach(async () => server.stop());

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return { MASTODON_URL: server.url, MASTODON_TOKEN: server.token, ...overrides };
}

function run(raw: unknown, ledger = new MemoryLedger(), issue = octoberIssue(), environment = env()) {
  return publishThrough(channel, raw, environment, config, ledger, issue);
}

describe('options and local checks', () => {
  test('defaults', () => {
    expect(channel.parseOptions(undefined, {}, config)).toEqual({ visibility: 'public', hashtags: [], maxCharacters: 500, image: false, thread: false });
  });
  test('every problem is listed at once', () => {
    try {
      channel.parseOptions({ visibility: 'everyone', hashtags: ['XMPP', 'two words', '#ok'], maxCharacters: 0, thread: 'yes', colour: 'red' }, {}, config);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PublishError);
      const e = error as PublishError;
      expect(e.code).toBe('NP204');
      expect(e.details).toHaveLength(5);
      expect(e.details.join('\n')).toMatch(/colour: unknown option[\s\S]*visibility[\s\S]*"two words" is not a hashtag[\s\S]*maxCharacters[\s\S]*thread/);
    }
  });
  test('verify lists every missing variable in one NP202, and refuses plain http to another host', async () => {
    const options = channel.parseOptions({}, {}, config);
    await expect(channel.verify(testContext(options, {}))).rejects.toMatchObject({ code: 'NP202', details: ['MASTODON_URL is not set', 'MASTODON_TOKEN is not set'] });
    await expect(channel.verify(testContext(options, { MASTODON_URL: 'http://fosstodon.org', MASTODON_TOKEN: 'abc def' }))).rejects.toMatchObject({
      code: 'NP202',
      details: ['MASTODON_URL must use https (plain http only for 127.0.0.1/localhost)', 'MASTODON_TOKEN contains whitespace'],
    });
  });
});

test('render is pure and deterministic: mastodon.txt, plan with the count, no network', async () => {
  const options = channel.parseOptions({ hashtags: ['XMPP', 'Jabber'] }, {}, config);
  const a = await channel.render(octoberIssue(), testContext(options, {}));
  const b = await channel.render(octoberIssue(), testContext(options, {}));
  expect(a.artifacts).toEqual(b.artifacts);
  expect(a.artifacts.map((x) => x.path)).toEqual(['2020-10-newsletter-10-october/mastodon.txt']);
  const text = String(a.artifacts[0]?.content);
  expect(text).toBe(`${a.payload.text}\n`);
  expect(text.trimEnd().endsWith('\nhttps://xmpp.org/2020/10/newsletter-10-october/')).toBe(true);
  expect(a.plan?.[0]).toBe(`public post in en (${FakeMastodon.count(a.payload.text)}/500):`);
  expect(a.findings ?? []).toEqual([]);
  expect(server.requests).toHaveLength(0);
});

test('posts once with the token, fields and Idempotency-Key Mastodon checks', async () => {
  const { receipt } = await run({ hashtags: ['XMPP'], visibility: 'unlisted', language: 'en' });
  expect(server.statuses).toHaveLength(1);
  const [status] = server.statuses;
  expect(status?.visibility).toBe('unlisted');
  expect(status?.language).toBe('en');
  expect(status?.text).toContain('In this issue: MongooseIM 4.0');
  expect(status?.idempotencyKey).toMatch(/^[0-9a-f]{64}$/);
  expect(receipt).toMatchObject({ channel: 'mastodon', id: status?.id, url: `${server.url}/@xmpp/${status?.id}`, limit: 500, recomposed: false });
});

test('a live run checks the token once: probe asks verify_credentials, publish only the live limit', async () => {
  const options = channel.parseOptions({}, env(), config);
  const ctx = testContext(options, env());
  await channel.verify(ctx);
  await channel.probe?.(ctx);
  const rendered = await channel.render(octoberIssue(), ctx);
  const receipt = await channel.publish(rendered.payload, ctx);
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    'GET /api/v1/accounts/verify_credentials', 'GET /api/v2/instance', // probe
    'GET /api/v2/instance', 'POST /api/v1/statuses', // publish
  ]);
  expect(receipt.url).toBe(`${server.url}/@xmpp/${server.statuses[0]?.id}`);
  expect(ctx.lines.join('\n')).toContain(`mastodon: posted ${receipt.url} as @xmpp`);
});

test('publish does not second-guess the lifecycle: a ledger receipt does not stop a post (--force)', async () => {
  // Skipping what the ledger holds is the lifecycle's decision (tests/release/e2e.test.ts:
  // a second run sends nothing); when it calls publish, e.g. for --force mastodon, the post goes out.
  const ledger = new MemoryLedger();
  const first = await run({}, ledger);
  expect(ledger.published(octoberIssue().id)?.receipt).toEqual(first.receipt);
  clock += 2 * 60 * 60 * 1000; // beyond the Idempotency-Key's hour
  const second = await run({}, ledger);
  expect(server.statuses).toHaveLength(2);
  expect(second.receipt.id).not.toBe(first.receipt.id);
  expect(second.receipt.id).toBe(server.statuses[1]?.id);
  expect(second.ctx.lines.join('\n')).not.toMatch(/not posting again/);
});

test('a second run without the ledger within the hour gets the same status back (Idempotency-Key)', async () => {
  const first = await run({});
  clock += 59 * 60 * 1000;
  const second = await run({}, new MemoryLedger());
  expect(second.receipt.id).toBe(first.receipt.id);
  expect(server.statuses).toHaveLength(1);
  expect(server.requests.filter((r) => r.path === '/api/v1/statuses')).toHaveLength(2);
  // The fake forgets keys after an hour, like Mastodon: the ledger is what guards beyond that.
  clock += 2 * 60 * 60 * 1000;
  await run({}, new MemoryLedger());
  expect(server.statuses).toHaveLength(2);
});

test('a rejected token fails before anything is posted', async () => {
  await expect(run({}, new MemoryLedger(), octoberIssue(), env({ MASTODON_TOKEN: 'wrong-token-value' }))).rejects.toMatchObject({ code: 'NP400' });
  expect(server.statuses).toHaveLength(0);
});

test('the fake rejects an over-long status like Mastodon does (422 and its message)', async () => {
  const response = await fetch(`${server.url}/api/v1/statuses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'x'.repeat(501) }),
  });
  expect(response.status).toBe(422);
  expect(await response.json()).toEqual({ error: 'Validation failed: Text character limit of 500 exceeded' });
});

describe('the instance limit', () => {
  const long = octoberIssue({ title: 'The XMPP Newsletter October 2020 — ' + 'a month full of releases, specifications and community news '.repeat(6) });

  test('smaller at publish time (300) than at render (500): recomposed to fit, link whole', async () => {
    server.maxCharacters = 300;
    const { rendered, receipt, ctx } = await run({ hashtags: ['XMPP'] }, new MemoryLedger(), long);
    expect(rendered.payload.length).toBeGreaterThan(300);
    expect(receipt).toMatchObject({ limit: 300, recomposed: true });
    expect(receipt.length).toBeLessThanOrEqual(300);
    expect(server.statuses[0]?.text.endsWith('\nhttps://xmpp.org/2020/10/newsletter-10-october/')).toBe(true);
    expect(ctx.lines.join('\n')).toMatch(/allows 300 characters, not 500/);
  });

  test('11000: everything fits, nothing is cut', async () => {
    server.maxCharacters = 11000;
    const { receipt } = await run({ maxCharacters: 11000 }, new MemoryLedger(), long);
    expect(receipt).toMatchObject({ limit: 11000, recomposed: false });
    expect(server.statuses[0]?.text).toContain('Spark 2.9.3');
    expect(server.statuses[0]?.text).not.toContain('…');
  });

  test('an instance without /api/v2/instance falls back to 500', async () => {
    await server.stop();
    server = await new FakeMastodon({ instanceV2: false }).start();
    const { receipt } = await run({});
    expect(receipt.limit).toBe(500);
  });

  test('a link longer than the limit is an announcement-length error at render', async () => {
    const options = channel.parseOptions({ maxCharacters: 20 }, {}, config);
    const rendered = await channel.render(octoberIssue(), testContext(options, {}));
    expect(rendered.findings).toEqual([expect.objectContaining({ rule: 'announcement-length', severity: 'error', file: 'content/2020-10-newsletter.md', line: 0 })]);
  });
});

test('thread: the highlights with their links as replies, chained and idempotent', async () => {
  const { receipt } = await run({ thread: true });
  expect(receipt.thread.length).toBeGreaterThanOrEqual(1);
  const [main, reply] = server.statuses;
  expect(reply?.inReplyToId).toBe(main?.id);
  expect(reply?.text).toContain('– Openfire 4.6.0: https://discourse.igniterealtime.org/t/openfire-4-6-0-is-released/88971');
  await run({ thread: true }, new MemoryLedger());
  expect(server.statuses).toHaveLength(1 + receipt.thread.length);
});

test('thread: a failing reply is a warning in the log and the receipt; the posted announcement is the publish', async () => {
  server.failReplies = 1;
  const { receipt, ctx } = await run({ thread: true });
  expect(server.statuses).toHaveLength(1);
  expect(receipt).toMatchObject({ channel: 'mastodon', id: server.statuses[0]?.id, thread: [] });
  expect(receipt.threadError).toMatch(/^reply 1 of \d+ failed: mastodon refused the post \(HTTP 503\)/);
  expect(ctx.lines.join('\n')).toMatch(/warning: mastodon: .* is posted, but its thread is incomplete \(0 of \d+ replies\)/);
});

test('image: the first image is uploaded with its alt text and attached', async () => {
  const issue = octoberIssue({ images: [{ src: `${server.url}/images/movim.png`, alt: 'Movim replying to a message', line: 44 }] });
  const { receipt } = await run({ image: true }, new MemoryLedger(), issue);
  expect(receipt.mediaId).toBeDefined();
  expect(server.media.get(receipt.mediaId ?? '')?.description).toBe('Movim replying to a message');
  expect(server.statuses[0]?.mediaIds).toEqual([receipt.mediaId]);
});

test('the token never appears in what the channel prints', async () => {
  const { ctx } = await run({});
  await channel.probe?.(ctx);
  expect(ctx.lines.join('\n')).not.toContain(server.token);
  expect(ctx.lines.join('\n')).toMatch(/token valid for @xmpp; the instance allows 500 characters/);
});
