// Post the announcement. Whether to post at all is the lifecycle's decision
// (it skips what the ledger holds unless --force names the channel). Without a
// ledger entry X's own duplicate check guards (403 "duplicate content" means
// it is already posted: counted as done, never retried). 429 waits for the reset
// time, bounded by maxWaitSeconds, then retries.
import type { Agent } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiResponseError, type TwitterApi } from 'twitter-api-v2';
import type { ChannelContext } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { createTwitterClient } from './client.js';
import { twitterCredentials, type TwitterOptions } from './options.js';

export interface TwitterPayload {
  readonly issueId: string;
  readonly issueKey: string;
  readonly text: string;
  readonly length: number;
  readonly limit: number;
}

export interface TwitterReceipt {
  readonly channel: 'twitter';
  /** Absent when X answered "duplicate content": the earlier tweet's id is not returned. */
  readonly id?: string;
  readonly url: string;
  readonly length: number;
  readonly duplicate: boolean;
}

export interface TwitterDeps {
  /** Agent for the HTTPS requests (tests hand one trusting their certificate). */
  readonly httpAgent?: Agent;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now: () => number;
}

export const defaultTwitterDeps: TwitterDeps = {
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
  now: Date.now,
};

const MAX_ATTEMPTS = 4;
/** X's windows are 15 minutes; when it names no reset time, try again after a minute. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export function isTwitterReceipt(value: unknown): value is TwitterReceipt {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return r['channel'] === 'twitter' && typeof r['url'] === 'string';
}

function apiDetail(error: unknown): string {
  if (error instanceof ApiResponseError) return `HTTP ${error.code}: ${JSON.stringify(error.data)}`;
  return error instanceof Error ? error.message : String(error);
}

function isDuplicate(error: ApiResponseError): boolean {
  // v2 answers 403 with detail "…duplicate content."; v1.1 used error code 187.
  return error.code === 403 && (/duplicate/i.test(JSON.stringify(error.data)) || error.hasErrorCode(187));
}

/**
 * One client per run and credentials, and the handle `users/me` named: probe
 * asks once, publish reuses the answer (users/me has a tight rate limit).
 */
export interface TwitterSession {
  readonly client: TwitterApi;
  username?: string;
}

/** A cache of sessions, one per channel instance, keyed by the credentials. */
export function twitterSessions(deps: TwitterDeps): (ctx: ChannelContext<TwitterOptions>) => TwitterSession {
  const sessions = new Map<string, TwitterSession>();
  return (ctx) => {
    const credentials = twitterCredentials(ctx.env);
    const key = JSON.stringify([credentials.appKey, credentials.appSecret, credentials.accessToken, credentials.accessSecret, credentials.apiUrl ?? '']);
    let session = sessions.get(key);
    if (!session) {
      session = { client: createTwitterClient(credentials, deps.httpAgent) };
      sessions.set(key, session);
    }
    return session;
  };
}

/** `users/me`: the credentials work, and the handle names the tweet's URL. */
export async function checkTwitterCredentials(session: TwitterSession): Promise<string> {
  try {
    const me = await session.client.v2.me();
    session.username = me.data.username;
    return me.data.username;
  } catch (error) {
    if (error instanceof ApiResponseError && (error.code === 401 || error.code === 403)) {
      throw new PublishError('NP400', 'X rejected the TWITTER_* credentials', [`users/me answered ${error.code}`]);
    }
    throw new PublishError('NP400', 'the X API could not be reached', [apiDetail(error)], { cause: error });
  }
}

export async function publishTwitter(deps: TwitterDeps, session: TwitterSession, payload: TwitterPayload, ctx: ChannelContext<TwitterOptions>): Promise<TwitterReceipt> {
  if (payload.length > payload.limit) {
    throw new PublishError('NP500', `twitter: the announcement is ${payload.length}/${payload.limit} and cannot be posted`);
  }
  // Probe already asked users/me in a live run; without a probe, ask now (credentials fail before the post).
  const username = session.username ?? (await checkTwitterCredentials(session));
  const { client } = session;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await client.v2.tweet(payload.text);
      const url = `https://x.com/${username}/status/${result.data.id}`;
      ctx.log.info(`twitter: posted ${url} (${payload.length}/${payload.limit})`);
      return { channel: 'twitter', id: result.data.id, url, length: payload.length, duplicate: false };
    } catch (error) {
      if (error instanceof ApiResponseError && isDuplicate(error)) {
        ctx.log.info('twitter: X says this text is already posted (duplicate content); counting it as done');
        return { channel: 'twitter', url: `https://x.com/${username}`, length: payload.length, duplicate: true };
      }
      if (error instanceof ApiResponseError && error.code === 429 && attempt < MAX_ATTEMPTS) {
        const reset = error.rateLimit?.reset ?? Number(error.headers?.['x-rate-limit-reset']);
        // Without a (usable) reset header, wait a bounded default before the next attempt.
        const known = Number.isFinite(reset) && reset > 0 && reset * 1000 < 8.64e15;
        const waitMs = known ? Math.max(0, reset * 1000 - deps.now()) + 1000 : DEFAULT_RATE_LIMIT_WAIT_MS;
        if (waitMs > ctx.options.maxWaitSeconds * 1000) {
          const why = known
            ? `until ${new Date(reset * 1000).toISOString()}, longer than maxWaitSeconds (${ctx.options.maxWaitSeconds})`
            : `without a reset time; the default wait of ${DEFAULT_RATE_LIMIT_WAIT_MS / 1000} s is longer than maxWaitSeconds (${ctx.options.maxWaitSeconds})`;
          throw new PublishError('NP500', `twitter: rate limited ${why}`, [apiDetail(error)]);
        }
        ctx.log.info(`twitter: rate limited; waiting ${Math.ceil(waitMs / 1000)} s for the reset (attempt ${attempt}/${MAX_ATTEMPTS})`);
        await deps.sleep(waitMs, ctx.signal);
        continue;
      }
      throw new PublishError('NP500', `twitter refused the post${error instanceof ApiResponseError ? ` (HTTP ${error.code})` : ''}`, [apiDetail(error)], { cause: error });
    }
  }
}
