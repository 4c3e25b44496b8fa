// The one side effect: post the announcement (and its thread).
// Whether to post at all is the lifecycle's decision (it skips what the ledger
// holds unless --force names the channel): publish never second-guesses it.
// Mastodon's Idempotency-Key is the guard without a ledger entry (same key
// within an hour returns the same status instead of a new one: a crash after
// the server accepted, before the ledger was written).
import type { mastodon } from 'masto';
import type { ChannelContext } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { compose } from '../announcement/compose.js';
import { idempotencyKey } from '../announcement/idempotency.js';
import { MASTODON_DEFAULT_MAX, mastodonCounter, type LengthCounter } from '../announcement/length.js';
import { mastodonCredentials, type MastodonOptions } from './options.js';
import { type MastodonPayload, type MastodonReceipt, type PostedStatus } from './payload.js';
import { composeThread } from './thread.js';

export interface MastodonDeps {
  readonly createClient: (config: { url: string; accessToken: string; timeout: number }) => mastodon.rest.Client;
  /** Downloads the image to attach; the default uses fetch. */
  readonly fetchImage: (url: string, signal: AbortSignal) => Promise<Blob>;
}

export interface InstanceLimits {
  readonly maxCharacters: number;
  readonly urlLength: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

export function httpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const code = (error as { statusCode: unknown }).statusCode;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createClient(deps: MastodonDeps, ctx: ChannelContext<MastodonOptions>): mastodon.rest.Client {
  const { url, token } = mastodonCredentials(ctx.env);
  return deps.createClient({ url, accessToken: token, timeout: REQUEST_TIMEOUT_MS });
}

/** `GET /api/v2/instance`; 500 and 23 when the instance predates it (404) or omits the fields. */
export async function instanceLimits(client: mastodon.rest.Client): Promise<InstanceLimits> {
  try {
    const instance = await client.v2.instance.fetch();
    const statuses = instance.configuration?.statuses;
    return {
      maxCharacters: positive(statuses?.maxCharacters) ?? MASTODON_DEFAULT_MAX,
      urlLength: positive(statuses?.charactersReservedPerUrl) ?? 23,
    };
  } catch (error) {
    if (httpStatus(error) === 404) return { maxCharacters: MASTODON_DEFAULT_MAX, urlLength: 23 };
    throw error;
  }
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Credentials first: a bad token must fail before anything is posted. */
export async function checkCredentials(client: mastodon.rest.Client): Promise<string> {
  try {
    const account = await client.v1.accounts.verifyCredentials();
    return account.acct;
  } catch (error) {
    const status = httpStatus(error);
    if (status === 401 || status === 403) {
      throw new PublishError('NP400', 'mastodon rejected MASTODON_TOKEN', [`verify_credentials answered ${status}: ${describe(error)}`]);
    }
    throw new PublishError('NP400', 'mastodon instance could not be reached', [describe(error)], { cause: error });
  }
}

/** The texts to post, recomposed when the live limit is below the rendered one. */
export function fitToInstance(payload: MastodonPayload, limits: InstanceLimits): { text: string; length: number; thread: string[]; recomposed: boolean } {
  const counter: LengthCounter = mastodonCounter(limits.urlLength);
  const length = counter.count(payload.text);
  const threadFits = payload.thread.every((reply) => counter.count(reply) <= limits.maxCharacters);
  if (length <= limits.maxCharacters && threadFits) return { text: payload.text, length, thread: [...payload.thread], recomposed: false };
  const composed = compose(payload.template, payload.input, counter, limits.maxCharacters);
  if (!composed.fits) {
    throw new PublishError('NP500', `mastodon: the announcement does not fit this instance's limit of ${limits.maxCharacters}`, [
      `shortest possible text is ${composed.length} characters`,
    ]);
  }
  const thread = payload.thread.length > 0 ? composeThread(payload.highlights, payload.language, counter, limits.maxCharacters) : [];
  return { text: composed.text, length: composed.length, thread, recomposed: true };
}

export async function publishMastodon(deps: MastodonDeps, payload: MastodonPayload, ctx: ChannelContext<MastodonOptions>): Promise<MastodonReceipt> {
  // Probe checked the token (verify_credentials) before any live publish; only
  // the live limit is asked again here. A token refused now fails the post with NP400.
  const client = createClient(deps, ctx);
  const limits = await instanceLimits(client);
  const fitted = fitToInstance(payload, limits);
  if (fitted.recomposed) ctx.log.warn(`mastodon: the instance allows ${limits.maxCharacters} characters, not ${payload.limit}; recomposed to ${fitted.length}/${limits.maxCharacters}`);

  const mediaId = payload.image ? await uploadImage(deps, client, payload.image, ctx) : undefined;
  const key = idempotencyKey(payload.issueId, 'mastodon', fitted.text);
  const status = await postStatus(client, {
    status: fitted.text,
    visibility: payload.visibility,
    language: payload.language,
    ...(mediaId ? { mediaIds: [mediaId] } : {}),
  }, key);
  ctx.log.info(`mastodon: posted ${status.url}${status.account ? ` as @${status.account}` : ''} (${fitted.length}/${limits.maxCharacters})`);

  // The main status is the publish: once it is public, a failing reply must not
  // fail the channel (a later re-run outside the key's hour would post the
  // announcement twice). The failure is a warning and stays in the receipt.
  const thread: PostedStatus[] = [];
  let threadError: string | undefined;
  let parent = status.id;
  for (const [index, reply] of fitted.thread.entries()) {
    // Each reply has a key of its own, so a re-run after a crash mid-thread completes it without duplicates.
    const replyKey = idempotencyKey(payload.issueId, `mastodon#${index + 1}`, reply);
    try {
      const posted = await postStatus(client, { status: reply, visibility: payload.visibility === 'public' ? 'unlisted' : payload.visibility, language: payload.language, inReplyToId: parent }, replyKey);
      thread.push({ id: posted.id, url: posted.url });
      parent = posted.id;
    } catch (error) {
      const detail = error instanceof PublishError ? [error.message, ...error.details].join(': ') : describe(error);
      threadError = `reply ${index + 1} of ${fitted.thread.length} failed: ${detail}`;
      ctx.log.warn(`mastodon: ${status.url} is posted, but its thread is incomplete (${thread.length} of ${fitted.thread.length} replies): ${detail}`);
      break;
    }
  }
  return {
    channel: 'mastodon',
    id: status.id,
    url: status.url,
    length: fitted.length,
    limit: limits.maxCharacters,
    idempotencyKey: key,
    thread,
    ...(threadError ? { threadError } : {}),
    ...(mediaId ? { mediaId } : {}),
    recomposed: fitted.recomposed,
  };
}

async function postStatus(client: mastodon.rest.Client, params: mastodon.rest.v1.CreateStatusParams, key: string): Promise<PostedStatus & { account?: string }> {
  try {
    const status = await client.v1.statuses.create(params, { requestInit: { headers: { 'Idempotency-Key': key } } });
    return { id: status.id, url: status.url ?? status.uri, ...(status.account?.acct ? { account: status.account.acct } : {}) };
  } catch (error) {
    const code = httpStatus(error);
    if (code === 401 || code === 403) {
      throw new PublishError('NP400', 'mastodon rejected MASTODON_TOKEN', [`POST /api/v1/statuses answered ${code}: ${describe(error)}`], { cause: error });
    }
    throw new PublishError('NP500', `mastodon refused the post${code ? ` (HTTP ${code})` : ''}`, [describe(error)], { cause: error });
  }
}

/** The image is a nicety: when it cannot be fetched or uploaded, the post goes out without it. */
async function uploadImage(deps: MastodonDeps, client: mastodon.rest.Client, image: { url: string; alt: string }, ctx: ChannelContext<MastodonOptions>): Promise<string | undefined> {
  try {
    const file = await deps.fetchImage(image.url, ctx.signal);
    const media = await client.v2.media.create({ file, description: image.alt });
    return media.id;
  } catch (error) {
    ctx.log.warn(`mastodon: posting without the image ${image.url}: ${describe(error)}`);
    return undefined;
  }
}
