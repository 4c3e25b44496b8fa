// The channel registry. Each channel is loaded only when it runs, so heavy
// libraries (mjml, masto, twitter-api-v2, nodemailer) never slow down
// `publish check` or `publish --help`. Third-party channels join through
// registerChannel (the library API); the core looks channels up here only.
import type { AnyChannel, Env } from '../src/channel.js';
import type { Config } from '../src/config.js';

export type ChannelLoader = () => Promise<AnyChannel>;

const loaders: Record<string, ChannelLoader> = {
  feed: async () => (await import('./feed/index.js')).feedChannel,
  email: async () => (await import('./email/index.js')).emailChannel,
  mastodon: async () => (await import('./mastodon/index.js')).mastodonChannel,
  twitter: async () => (await import('./twitter/index.js')).twitterChannel,
  bluesky: async () => (await import('./bluesky/index.js')).blueskyChannel,
  'xmpp-pubsub': async () => (await import('./xmpp-pubsub/index.js')).xmppPubsubChannel,
  'xmpp-muc': async () => (await import('./xmpp-muc/index.js')).xmppMucChannel,
};
const names: string[] = Object.keys(loaders);

export const channelLoaders: Readonly<Record<string, ChannelLoader>> = loaders;

/** Every registered channel name, built-in ones first (a live view). */
export const channelNames: readonly string[] = names;

/**
 * Adds a channel under `name` (its config key, ledger key and out/ folder; permanent).
 * The loader runs only when a config lists the channel. Names are unique: a built-in
 * or already registered channel is never replaced, so a plugin cannot hijack `email`.
 */
export function registerChannel(name: string, loader: ChannelLoader): void {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new TypeError(`channel name "${name}" must be lower-case letters, digits and dashes`);
  if (Object.hasOwn(loaders, name)) throw new TypeError(`a channel named "${name}" is already registered`);
  loaders[name] = loader;
  names.push(name);
}

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
  bluesky: async () => (await import('./bluesky/options.js')).parseBlueskyOptions,
  'xmpp-pubsub': async () => (await import('./xmpp-pubsub/options.js')).parseXmppPubsubOptions,
  'xmpp-muc': async () => (await import('./xmpp-muc/options.js')).parseXmppMucOptions,
};

/**
 * The option parser of `name`: its light module when it has one, else the
 * channel's own parseOptions (a registered third-party channel).
 */
export function optionParserFor(name: string): (() => Promise<OptionsParser>) | undefined {
  if (Object.hasOwn(optionParsers, name)) return optionParsers[name];
  if (!Object.hasOwn(loaders, name)) return undefined;
  const load = loaders[name];
  return async () => {
    const channel = await load();
    return (raw, env, config) => channel.parseOptions(raw, env, config);
  };
}
