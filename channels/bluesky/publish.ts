// The one side effect: create the post record, exactly once. The record key is
// derived from the issue, so the record is looked up before it is created, and
// looked up again after any error before a retry (creating an existing key
// fails with a 500, not a 409, so the error alone says nothing).
import { readFile } from 'node:fs/promises';
import type { AtpAgent, BlobRef } from '@atproto/api';
import type { ChannelContext } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { blueskyCredentials, type BlueskyOptions } from './options.js';
import type { BlueskyPayload, BlueskyReceipt } from './payload.js';
import { candidateTids } from './tid.js';

export const POST_COLLECTION = 'app.bsky.feed.post';
/** Bluesky's limit for an external card's thumbnail blob. */
export const MAX_THUMBNAIL_BYTES = 1_000_000;
const CREATE_ATTEMPTS = 3;
/** Record keys tried before giving up (tid.ts candidateTids): a second collision is one in a million. */
const KEY_PROBES = 8;

export interface FetchedImage {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}

export interface BlueskyDeps {
  readonly createAgent: (service: string) => AtpAgent;
  /** Downloads the thumbnail; tests hand one that stays on 127.0.0.1. */
  readonly fetchImage: (url: string, signal: AbortSignal) => Promise<FetchedImage>;
  /** Waits between create attempts (tests pass a no-op). */
  readonly sleep: (ms: number) => Promise<void>;
}

export interface Session {
  readonly agent: AtpAgent;
  readonly did: string;
  readonly handle: string;
  readonly active: boolean;
}

/** Login is limited (30 per 5 minutes, 300 a day): one session per run, shared by probe and publish. */
export class Sessions {
  private readonly open = new Map<string, Promise<Session>>();
  constructor(private readonly deps: BlueskyDeps) {}

  get(ctx: ChannelContext<BlueskyOptions>): Promise<Session> {
    const { identifier, password, service } = blueskyCredentials(ctx.env);
    const key = `${service}\u0000${identifier}`;
    let session = this.open.get(key);
    if (!session) {
      session = login(this.deps.createAgent(service), identifier, password, service);
      // A failed login is not cached: the next call reports it again instead of a stale rejection.
      session.catch(() => this.open.delete(key));
      this.open.set(key, session);
    }
    return session;
  }
}

async function login(agent: AtpAgent, identifier: string, password: string, service: string): Promise<Session> {
  try {
    const { data } = await agent.login({ identifier, password });
    return { agent, did: data.did, handle: data.handle, active: data.active !== false };
  } catch (error) {
    const status = xrpcStatus(error);
    if (status === 401 || status === 400) throw new PublishError('NP400', `bluesky rejected BLUESKY_IDENTIFIER or BLUESKY_APP_PASSWORD at ${service}`, [describe(error)], { cause: error });
    if (status === 429) throw new PublishError('NP400', 'bluesky login is rate-limited (30 per 5 minutes, 300 a day)', [describe(error)], { cause: error });
    throw new PublishError('NP400', `bluesky service ${service} could not be reached`, [describe(error)], { cause: error });
  }
}

export async function publishBluesky(deps: BlueskyDeps, sessions: Sessions, payload: BlueskyPayload, ctx: ChannelContext<BlueskyOptions>): Promise<BlueskyReceipt> {
  const session = await sessions.get(ctx);
  // The first free key of the sequence, unless one of them already holds this issue's post.
  let rkey: string | undefined;
  for (const key of candidateTids(payload.rkey, KEY_PROBES)) {
    const found = await findPost(session, key);
    if (!found) {
      rkey = key;
      break;
    }
    if (found.link === payload.card.uri) {
      ctx.log.info(`bluesky: ${webUrl(session, key)} is already there (record ${key}); not posting again`);
      return receipt(session, key, found, true, found.thumbnail);
    }
    ctx.log.info(`bluesky: record ${key} holds the post of another issue (${found.link ?? 'no link'}); trying the next key`);
  }
  if (!rkey) throw new PublishError('NP500', `bluesky: the ${KEY_PROBES} record keys of this issue all hold other posts`, [`first key ${payload.rkey}: nothing was posted`]);
  const thumb = payload.thumbnail ? await uploadThumbnail(deps, session, payload.thumbnail, ctx) : undefined;
  const record = {
    $type: POST_COLLECTION,
    text: payload.text,
    facets: payload.facets,
    langs: payload.langs,
    embed: { $type: 'app.bsky.embed.external', external: { ...payload.card, ...(thumb ? { thumb } : {}) } },
    createdAt: new Date().toISOString(),
  };
  let lastError: unknown;
  for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
    try {
      const { data } = await session.agent.com.atproto.repo.createRecord({ repo: session.did, collection: POST_COLLECTION, rkey, record, validate: true });
      ctx.log.info(`bluesky: posted ${webUrl(session, rkey)} (${payload.graphemes} graphemes, ${payload.bytes} bytes)`);
      return receipt(session, rkey, { uri: data.uri, cid: data.cid }, false, thumb !== undefined);
    } catch (error) {
      lastError = error;
      // The request may have been applied before the error reached us: look before retrying.
      const again = await findPost(session, rkey).catch(() => undefined);
      if (again) return receipt(session, rkey, again, true, again.thumbnail);
      const status = xrpcStatus(error);
      if (status === 400 || status === 401 || status === 403) break;
      ctx.log.warn(`bluesky: create attempt ${attempt} of ${CREATE_ATTEMPTS} failed (${describe(error)}); the record is not there, retrying`);
      if (attempt < CREATE_ATTEMPTS) await deps.sleep(1000 * attempt);
    }
  }
  const status = xrpcStatus(lastError);
  throw new PublishError('NP500', `bluesky refused the post${status ? ` (HTTP ${status})` : ''}`, [describe(lastError), `record key ${rkey}: re-running looks it up first`], { cause: lastError });
}

interface FoundPost {
  readonly uri: string;
  readonly cid: string;
  readonly thumbnail: boolean;
  /** The card's link: whose post the record is. */
  readonly link: string | undefined;
}

export async function findPost(session: Session, rkey: string): Promise<FoundPost | undefined> {
  try {
    const { data } = await session.agent.com.atproto.repo.getRecord({ repo: session.did, collection: POST_COLLECTION, rkey });
    const embed = (data.value as { embed?: { external?: { thumb?: unknown; uri?: unknown } } }).embed;
    const link = typeof embed?.external?.uri === 'string' ? embed.external.uri : undefined;
    return { uri: data.uri, cid: data.cid ?? '', thumbnail: embed?.external?.thumb !== undefined, link };
  } catch (error) {
    if (xrpcError(error) === 'RecordNotFound' || xrpcStatus(error) === 404) return undefined;
    throw new PublishError('NP500', 'bluesky: cannot tell whether the post exists', [describe(error)], { cause: error });
  }
}

/** The thumbnail is a nicety: too large or unreachable, the card goes out without it. */
async function uploadThumbnail(deps: BlueskyDeps, session: Session, source: NonNullable<BlueskyPayload['thumbnail']>, ctx: ChannelContext<BlueskyOptions>): Promise<BlobRef | undefined> {
  const where = 'url' in source ? source.url : source.file;
  try {
    const image = 'url' in source ? await deps.fetchImage(source.url, ctx.signal) : { bytes: await readFile(source.file), mediaType: mediaTypeOf(source.file) };
    if (image.bytes.byteLength > MAX_THUMBNAIL_BYTES) {
      ctx.log.warn(`bluesky: the card goes out without a thumbnail: ${where} is ${image.bytes.byteLength} bytes, more than Bluesky's ${MAX_THUMBNAIL_BYTES}`);
      return undefined;
    }
    if (!/^image\/(png|jpeg|gif|webp)$/.test(image.mediaType)) {
      ctx.log.warn(`bluesky: the card goes out without a thumbnail: ${where} is ${image.mediaType}, not a PNG, JPEG, GIF or WebP image`);
      return undefined;
    }
    const { data } = await session.agent.uploadBlob(image.bytes, { encoding: image.mediaType });
    return data.blob;
  } catch (error) {
    ctx.log.warn(`bluesky: the card goes out without a thumbnail: ${where}: ${describe(error)}`);
    return undefined;
  }
}

export function mediaTypeOf(file: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase();
  return ext === 'png' ? 'image/png' : ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : ext === 'gif' ? 'image/gif' : ext === 'webp' ? 'image/webp' : 'application/octet-stream';
}

function receipt(session: Session, rkey: string, post: { uri: string; cid: string }, existing: boolean, thumbnail: boolean): BlueskyReceipt {
  return { channel: 'bluesky', uri: post.uri, cid: post.cid, url: webUrl(session, rkey), rkey, existing, thumbnail };
}

function webUrl(session: Session, rkey: string): string {
  return `https://bsky.app/profile/${session.handle}/post/${rkey}`;
}

function xrpcStatus(error: unknown): number | undefined {
  const status = typeof error === 'object' && error !== null && 'status' in error ? (error as { status: unknown }).status : undefined;
  return typeof status === 'number' ? status : undefined;
}

function xrpcError(error: unknown): string | undefined {
  const name = typeof error === 'object' && error !== null && 'error' in error ? (error as { error: unknown }).error : undefined;
  return typeof name === 'string' ? name : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
