// The `bluesky` channel: the announcement as one post with link and hashtag
// facets and a link card, exactly once (deterministic record key).
import { statSync } from 'node:fs';
import { AtpAgent } from '@atproto/api';
import type { PostsCard } from '../../src/card.js';
import { PublishError } from '../../src/errors.js';
import { defineChannel, type AnyChannel, type Channel } from '../../src/channel.js';
import { planLines } from '../announcement/announce.js';
import { verifyChannelTemplates } from '../announcement/template.js';
import { BLUESKY_MAX_BYTES, BLUESKY_MAX_GRAPHEMES } from './length.js';
import { blueskyCredentials, parseBlueskyOptions, type BlueskyOptions } from './options.js';
import { describeBlueskyReceipt, type BlueskyPayload, type BlueskyReceipt } from './payload.js';
import { MAX_THUMBNAIL_BYTES, publishBluesky, Sessions, type BlueskyDeps, type FetchedImage } from './publish.js';
import { renderBluesky } from './render.js';

export type { BlueskyOptions } from './options.js';
export type { BlueskyPayload, BlueskyReceipt, Facet } from './payload.js';
export type { BlueskyDeps, FetchedImage } from './publish.js';
export { blueskyCounter, blueskyLength, BLUESKY_MAX_BYTES, BLUESKY_MAX_GRAPHEMES } from './length.js';
export { deterministicTid } from './tid.js';

/** One line for the outcome and the step summary. */
export const describe = (receipt: BlueskyReceipt): string => describeBlueskyReceipt(receipt);

/** The review card (kind `posts`) of a rendered payload: Bluesky counts graphemes and caps UTF-8 bytes too. */
export function blueskyCard(payload: BlueskyPayload): PostsCard {
  return {
    kind: 'posts',
    issue: payload.issueKey,
    label: 'Bluesky',
    posts: [{ text: payload.text, length: payload.graphemes, limit: BLUESKY_MAX_GRAPHEMES, rule: `graphemes; also at most ${BLUESKY_MAX_BYTES} UTF-8 bytes (this post: ${payload.bytes})` }],
  };
}

/** A configured thumbnail file must exist; over 1 MB it would be left out, which verify says now. */
function checkImageFile(options: BlueskyOptions, warn: (line: string) => void): void {
  if (options.image.kind !== 'file') return;
  let size: number;
  try {
    size = statSync(options.image.path).size;
  } catch (error) {
    throw new PublishError('NP400', `bluesky: the card image ${options.image.path} cannot be read`, [error instanceof Error ? error.message : String(error), 'fix channels.bluesky.image, or set it to false']);
  }
  if (size > MAX_THUMBNAIL_BYTES) warn(`bluesky: the card image ${options.image.path} is ${size} bytes, more than Bluesky's ${MAX_THUMBNAIL_BYTES}: the card will go out without a thumbnail`);
}

export const defaultBlueskyDeps: BlueskyDeps = {
  createAgent: (service) => new AtpAgent({ service }),
  fetchImage: async (url, signal): Promise<FetchedImage> => {
    const response = await fetch(url, { signal });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    return { bytes: new Uint8Array(await response.arrayBuffer()), mediaType: (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '' };
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function createBlueskyChannel(overrides: Partial<BlueskyDeps> = {}): Channel<BlueskyOptions, BlueskyPayload, BlueskyReceipt> {
  const deps: BlueskyDeps = { ...defaultBlueskyDeps, ...overrides };
  const sessions = new Sessions(deps);
  return {
    name: 'bluesky',
    scope: 'issue',
    phase: 1,
    parseOptions: parseBlueskyOptions,

    async verify(ctx) {
      blueskyCredentials(ctx.env);
      checkImageFile(ctx.options, (line) => ctx.log.warn(line));
      verifyChannelTemplates(ctx.options, ctx.config);
    },

    async probe(ctx) {
      const session = await sessions.get(ctx);
      if (!session.active) throw new PublishError('NP400', `bluesky account ${session.handle} is not active (deactivated, suspended or taken down)`, ['posting would fail']);
      ctx.log.info(`bluesky: logged in as @${session.handle} (${session.did})`);
    },

    async render(issue, ctx) {
      const { payload, finding } = renderBluesky(issue, ctx.options);
      const preview = {
        rkey: payload.rkey,
        record: { $type: 'app.bsky.feed.post', text: payload.text, facets: payload.facets, langs: payload.langs, embed: { $type: 'app.bsky.embed.external', external: payload.card } },
        thumbnail: payload.thumbnail ?? null,
        length: { graphemes: payload.graphemes, graphemeLimit: BLUESKY_MAX_GRAPHEMES, bytes: payload.bytes, byteLimit: BLUESKY_MAX_BYTES },
      };
      const thumb = payload.thumbnail ? ('url' in payload.thumbnail ? payload.thumbnail.url : payload.thumbnail.file) : undefined;
      return {
        artifacts: [
          { issue: issue.key, path: `${issue.key}/bluesky.txt`, mediaType: 'text/plain; charset=utf-8', content: payload.text + '\n' },
          { issue: issue.key, path: `${issue.key}/bluesky.json`, mediaType: 'application/json', content: JSON.stringify(preview, null, 2) + '\n' },
        ],
        payload,
        plan: [
          ...planLines(`post in ${payload.langs.join(', ')}, ${payload.bytes}/${BLUESKY_MAX_BYTES} bytes`, payload.text, payload.graphemes, BLUESKY_MAX_GRAPHEMES),
          `card ${payload.card.uri}${thumb ? ` with thumbnail ${thumb}` : ' without thumbnail'}; record key ${payload.rkey}`,
        ],
        cards: [blueskyCard(payload)],
        ...(finding ? { findings: [finding] } : {}),
      };
    },

    publish: (payload, ctx) => publishBluesky(deps, sessions, payload, ctx),
    describe,
  };
}

export const blueskyChannel: AnyChannel = defineChannel(createBlueskyChannel());
