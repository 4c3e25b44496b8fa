// The channel registry. Each channel is loaded only when it runs, so heavy
// libraries (mjml, masto, twitter-api-v2, nodemailer) never slow down
// `publish check` or `publish --help`.
import type { AnyChannel, Env } from '../src/channel.js';
import type { Config } from '../src/config.js';

type Loader = () => Promise<AnyChannel>;

export const channelLoaders: Readonly<Record<string, Loader>> = {
  feed: async () => (await import('./feed/index.js')).feedChannel,
  email: async () => (await import('./email/index.js')).emailChannel,
  mastodon: async () => (await import('./mastodon/index.js')).mastodonChannel,
  twitter: async () => (await import('./twitter/index.js')).twitterChannel,
  bluesky: async () => (await import('./bluesky/index.js')).blueskyChannel,
  'xmpp-pubsub': async () => (await import('./xmpp-pubsub/index.js')).xmppPubsubChannel,
  'xmpp-muc': async () => (await import('./xmpp-muc/index.js')).xmppMucChannel,
};

export const channelNames: readonly string[] = Object.keys(channelLoaders);

type OptionsParser = (raw: unknown, env: Env, config: Config) => unknown;

/**
 * Each channel's option parser alone (small modules, no mjml or HTTP clients):
 * `publish check` validates the whole config with them and stays fast.
 * The same functions the channels' own parseOptions use.
 */
export const optionParsers: Readonly<Record<string, () => Promise<OptionsParser>>> = {
  feed: async () => {
    const { parseFeedOptions } = await import('./feed/options.js');
    return (raw, _env, config) => parseFeedOptions(raw, config);
  },
  email: async () => (await import('./email/options.js')).parseEmailOptions,
  mastodon: async () => (await import('./mastodon/options.js')).parseMastodonOptions,
  twitter: async () => (await import('./twitter/options.js')).parseTwitterOptions,
};
