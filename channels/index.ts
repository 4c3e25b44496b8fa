// The channel registry. Each channel is loaded only when it runs, so heavy
// libraries (mjml, masto, twitter-api-v2, nodemailer) never slow down
// `publish check` or `publish --help`. Third-party channels join through
// registerChannel (the library API); the core looks channels up here only.
import type { AnyChannel } from '../src/channel.js';

export type ChannelLoader = () => Promise<AnyChannel>;

const loaders: Record<string, ChannelLoader> = {
  feed: async () => (await import('./feed/index.js')).feedChannel,
  email: async () => (await import('./email/index.js')).emailChannel,
  mastodon: async () => (await import('./mastodon/index.js')).mastodonChannel,
  twitter: async () => (await import('./twitter/index.js')).twitterChannel,
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
