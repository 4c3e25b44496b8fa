// The twitter channel against a fake X API over HTTPS with a self-signed
// certificate, reached through TWITTER_API_URL.
import https from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import twitterText from 'twitter-text';
import { createTwitterChannel, type TwitterDeps, type TwitterOptions, type TwitterPayload, type TwitterReceipt } from '../../../channels/twitter/index.js';
import type { Channel } from '../../../src/channel.js';
import { PublishError } from '../../../src/errors.js';
import { FAKE_CREDENTIALS, FakeTwitter } from './fakes/twitter-server.js';
import { octoberIssue } from './fixtures/issue.js';
import { MemoryLedger, testConfig, testContext, publishThrough } from './helpers.js';

type Twitter = Channel<TwitterOptions, TwitterPayload, TwitterReceipt>;
const config = testConfig();
let server: FakeTwitter;
let agent: https.Agent;
let sleeps: number[];
let channel: Twitter;

beforeAll(async () => {
  server = await new FakeTwitter().start();
  agent = new https.Agent({ ca: server.ca });
});
afterAll(async () => server.stop());
beforeEach(() => {
  server.tweets.length = 0;
  server.requests.length = 0;
  server.rateLimitNext = 0;
  server.rateLimitHeaders = true;
  sleeps = [];
  // Waits are recorded, not slept: no timing in unit tests.
  const deps: Partial<TwitterDeps> = { httpAgent: agent, sleep: async (ms) => void sleeps.push(ms) };
  channel = createTwitterChannel(deps);
});

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    TWITTER_API_KEY: FAKE_CREDENTIALS.appKey,
    TWITTER_API_SECRET: FAKE_CREDENTIALS.appSecret,
    TWITTER_ACCESS_TOKEN: FAKE_CREDENTIALS.accessToken,
    TWITTER_ACCESS_SECRET: FAKE_CREDENTIALS.accessSecret,
    TWITTER_API_URL: server.url,
    ...overrides,
  };
}

function run(raw: unknown = { hashtags: ['XMPP'] }, ledger = new MemoryLedger(), issue = octoberIssue(), environment = env()) {
  return publishThrough(channel, raw, environment, config, ledger, issue);
}

describe('local checks', () => {
  test('verify lists every missing variable in one NP202', async () => {
    const options = channel.parseOptions({}, {}, config);
    await expect(channel.verify(testContext(options, { TWITTER_API_KEY: 'k' }))).rejects.toMatchObject({
      code: 'NP202',
      details: ['TWITTER_API_SECRET is not set', 'TWITTER_ACCESS_TOKEN is not set', 'TWITTER_ACCESS_SECRET is not set'],
    });
    await expect(channel.verify(testContext(options, env({ TWITTER_API_URL: 'http://127.0.0.1:1' })))).rejects.toMatchObject({ code: 'NP202', details: ['TWITTER_API_URL must be an https URL'] });
  });
  test('options: every problem at once', () => {
    expect(() => channel.parseOptions({ hashtags: '#XMPP', maxWaitSeconds: -1, visibility: 'public' }, {}, config)).toThrow(PublishError);
    try {
      channel.parseOptions({ hashtags: '#XMPP', maxWaitSeconds: -1, visibility: 'public' }, {}, config);
    } catch (error) {
      expect((error as PublishError).details).toHaveLength(3);
    }
  });
});

test('render: twitter.txt within the weighted 280, ending with the link, plan shows N/280', async () => {
  const options = channel.parseOptions({ hashtags: ['XMPP', 'Jabber'] }, {}, config);
  const rendered = await channel.render(octoberIssue({ title: '🎉 The XMPP Newsletter October 2020 — 十月号 ' + '🚀'.repeat(60) }), testContext(options, {}));
  const text = rendered.payload.text;
  expect(rendered.artifacts).toEqual([{ issue: '2020-10-newsletter-10-october', path: '2020-10-newsletter-10-october/twitter.txt', mediaType: 'text/plain; charset=utf-8', content: `${text}\n` }]);
  const parsed = twitterText.parseTweet(text);
  expect(parsed.valid).toBe(true);
  expect(rendered.plan?.[0]).toBe(`post (${parsed.weightedLength}/280):`);
  expect(text.endsWith('\nhttps://xmpp.org/2020/10/newsletter-10-october/')).toBe(true);
  expect(server.requests).toHaveLength(0);
});

test('posts once, signed with OAuth 1.0a, after checking users/me', async () => {
  const { receipt, rendered } = await run();
  expect(server.tweets).toEqual([{ id: receipt.id, text: rendered.payload.text }]);
  expect(receipt).toMatchObject({ channel: 'twitter', url: `https://x.com/xmpp/status/${receipt.id}`, duplicate: false });
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /2/users/me', 'POST /2/tweets']);
  const auth = server.requests[1]?.authorization ?? '';
  for (const field of ['oauth_consumer_key', 'oauth_token', 'oauth_signature_method="HMAC-SHA1"', 'oauth_signature', 'oauth_nonce', 'oauth_timestamp']) expect(auth).toContain(field);
});

test('a live run asks users/me once: publish reuses the handle probe found', async () => {
  const options = channel.parseOptions({}, env(), config);
  const probeCtx = testContext(options, env());
  await channel.probe?.(probeCtx);
  // The lifecycle hands publish a context of its own: the handle is cached per channel instance.
  const ctx = testContext(options, env());
  const rendered = await channel.render(octoberIssue(), ctx);
  const receipt = await channel.publish(rendered.payload, ctx);
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /2/users/me', 'POST /2/tweets']);
  expect(receipt.url).toBe(`https://x.com/xmpp/status/${server.tweets[0]?.id}`);
});

test('wrong secret: the signature fails, NP400, nothing posted', async () => {
  await expect(run(undefined, new MemoryLedger(), octoberIssue(), env({ TWITTER_ACCESS_SECRET: 'not-the-secret' }))).rejects.toMatchObject({ code: 'NP400' });
  expect(server.tweets).toHaveLength(0);
});

test('publish does not second-guess the lifecycle: a ledger receipt does not stop a post (--force)', async () => {
  // Skipping what the ledger holds is the lifecycle's decision (tests/release/e2e.test.ts:
  // a second run sends nothing); when it calls publish, e.g. for --force twitter after
  // the tweet was deleted, the tweet goes out again.
  const ledger = new MemoryLedger();
  const first = await run(undefined, ledger);
  server.tweets.length = 0; // deleted on X
  const second = await run(undefined, ledger);
  expect(server.tweets).toHaveLength(1);
  expect(second.receipt).toMatchObject({ duplicate: false, id: server.tweets[0]?.id });
  expect(second.receipt.id).not.toBe(first.receipt.id);
  expect(server.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets')).toHaveLength(2);
});

test('a second run without the ledger: 403 duplicate content counts as already posted', async () => {
  await run();
  const second = await run(undefined, new MemoryLedger());
  expect(second.receipt).toMatchObject({ duplicate: true, url: 'https://x.com/xmpp' });
  expect(server.tweets).toHaveLength(1);
});

test('429: waits until the reset, then posts once', async () => {
  server.rateLimitNext = 2;
  server.resetInSeconds = 5;
  const { receipt } = await run();
  expect(sleeps).toHaveLength(2);
  for (const ms of sleeps) {
    expect(ms).toBeGreaterThan(1000);
    expect(ms).toBeLessThanOrEqual(7000);
  }
  expect(server.tweets).toHaveLength(1);
  expect(receipt.duplicate).toBe(false);
});

test('429 with a reset beyond maxWaitSeconds gives up without posting', async () => {
  server.rateLimitNext = 1;
  server.resetInSeconds = 900;
  await expect(run({ maxWaitSeconds: 60 })).rejects.toMatchObject({ code: 'NP500', message: expect.stringMatching(/rate limited until .* longer than maxWaitSeconds \(60\)/) });
  expect(sleeps).toHaveLength(0);
  expect(server.tweets).toHaveLength(0);
});

describe('429 without a reset header', () => {
  test('waits the bounded default, then posts once', async () => {
    server.rateLimitNext = 1;
    server.rateLimitHeaders = false;
    const { receipt } = await run();
    expect(sleeps).toEqual([60_000]);
    expect(server.tweets).toHaveLength(1);
    expect(receipt.duplicate).toBe(false);
  });

  test('a maxWaitSeconds below the default gives up with NP500 (no RangeError from an invalid date)', async () => {
    server.rateLimitNext = 1;
    server.rateLimitHeaders = false;
    await expect(run({ maxWaitSeconds: 30 })).rejects.toMatchObject({ code: 'NP500', message: expect.stringMatching(/rate limited without a reset time; the default wait of 60 s is longer than maxWaitSeconds \(30\)/) });
    expect(sleeps).toHaveLength(0);
    expect(server.tweets).toHaveLength(0);
  });
});

test('the fake refuses over-long text as X does; the channel never sends one', async () => {
  const options = channel.parseOptions({}, env(), config);
  const ctx = testContext(options, env());
  const tooLong: TwitterPayload = { issueId: 'x', issueKey: 'x', text: '🎉'.repeat(141), length: 140, limit: 280 };
  await expect(channel.publish(tooLong, ctx)).rejects.toMatchObject({ code: 'NP500', details: [expect.stringMatching(/^HTTP 403: .*too long/)] });
  expect(server.tweets).toHaveLength(0);
});

test('no secret appears in what the channel prints', async () => {
  const { ctx } = await run();
  await channel.probe?.(ctx);
  const printed = ctx.lines.join('\n');
  expect(printed).toContain('credentials valid for @xmpp');
  for (const secret of Object.values(FAKE_CREDENTIALS)) expect(printed).not.toContain(secret);
});
