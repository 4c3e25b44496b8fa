// The channel registry. Each channel is loaded only when it runs, so heavy
// libraries (mjml, masto, twitter-api-v2, nodemailer) never slow down
// `publish check` or `publish --help`.
import type { AnyChannel } from '../src/channel.js';

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
