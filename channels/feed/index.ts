// The `feed` channel: Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the newest
// published issues, written into the static site and announced to a WebSub hub.
import { defineChannel, type AnyChannel, type Channel } from '../../src/channel.js';
import { parseFeedOptions, type FeedOptions } from './options.js';
import { publishFeeds, type FetchLike } from './publish.js';
import { renderFeeds } from './render.js';
import type { FeedPayload, FeedReceipt } from './types.js';
import { verifyOutputDir } from './verify.js';

export interface FeedChannelDeps {
  /** HTTP client for the WebSub ping; tests point it at a local server or count calls. */
  readonly fetch?: FetchLike;
}

/** One line for the outcome: the files written and the hub pings. */
export function describeFeedReceipt(receipt: FeedReceipt): string {
  const pings = receipt.hub.length > 0 ? `, hub pinged for ${receipt.hub.length} feed${receipt.hub.length === 1 ? '' : 's'}` : '';
  return `files ${receipt.files.length} in ${receipt.outputDir}${pings}`;
}

export function createFeedChannel(deps: FeedChannelDeps = {}): Channel<FeedOptions, FeedPayload, FeedReceipt> {
  const fetchImpl: FetchLike = deps.fetch ?? ((url, init) => fetch(url, init));
  return {
    name: 'feed',
    scope: 'site',
    // First: every issue channel links to the issue's page and the feed announces it.
    phase: 0,
    parseOptions: (raw, _env, config) => parseFeedOptions(raw, config),
    verify: async (ctx) => verifyOutputDir(ctx.options.outputDir),
    render: async (_issue, ctx) => renderFeeds(ctx),
    publish: async (payload, ctx) => publishFeeds(payload, ctx, fetchImpl),
    describe: describeFeedReceipt,
  };
}

export const feedChannel: AnyChannel = defineChannel(createFeedChannel());

export type { FeedOptions } from './options.js';
export type { FeedPayload, FeedReceipt } from './types.js';
