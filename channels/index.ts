// The channel registry: the ONE list of channels. Each channel is loaded only
// when it runs, so heavy libraries (mjml, masto, twitter-api-v2, nodemailer)
// never slow down `publish check` or `publish --help`. Third-party channels join
// through registerChannel (the library API); the core looks channels up here only.
import type { AnyChannel, Env } from '../src/channel.js';
import type { Config } from '../src/config.js';
import type { SiteAnswers } from '../src/init/answers.js';

export type ChannelLoader = () => Promise<AnyChannel>;

type OptionsParser = (raw: unknown, env: Env, config: Config) => unknown;

export interface RegistryEntry {
  /** The whole channel (heavy libraries included). */
  readonly load: ChannelLoader;
  /**
   * The channel's option parser alone (a small module, no mjml or HTTP clients):
   * `publish check` validates the whole config with it and stays fast. The same
   * function the channel's own parseOptions uses.
   */
  readonly options: () => Promise<OptionsParser>;
  /** What `newsletter-publisher init` writes for the channel (built-in channels only). */
  readonly init?: ChannelInit;
}

export interface ChannelInit {
  /** The channel's commented option lines under its `- name:` line in the new config. */
  lines(answers: SiteAnswers): string[];
  /** The folder of templates/ that `init --templates` copies for it. */
  readonly templates?: string;
  /** Offered by default to a new newsletter. */
  readonly byDefault?: boolean;
}

/** The announcement channels (Mastodon, X) share the composer's templates. */
const announcementInit = (hashtagComment: string, byDefault: boolean): ChannelInit => ({
  byDefault,
  lines: (a) => [`    hashtags: []${hashtagComment}`, ...(a.ownTemplates ? ['    template: templates/announcement'] : [])],
  templates: 'announcement',
});

/** A registered channel without a light parser module: its own parseOptions, loaded with it. */
function ownParser(load: ChannelLoader): () => Promise<OptionsParser> {
  return async () => {
    const channel = await load();
    return (raw, env, config) => channel.parseOptions(raw, env, config);
  };
}

const registry = new Map<string, RegistryEntry>([
  ['feed', {
    load: async () => (await import('./feed/index.js')).feedChannel,
    options: async () => {
      const { parseFeedOptions } = await import('./feed/options.js');
      return (raw, _env, config) => parseFeedOptions(raw, config);
    },
    init: { lines: () => ['    # outputDir: public/feed       # where the Atom, RSS and JSON feeds are written on publish'], byDefault: true },
  }],
  ['email', {
    load: async () => (await import('./email/index.js')).emailChannel,
    options: async () => (await import('./email/options.js')).parseEmailOptions,
    init: {
      lines: (a) => [
        `    # from: ${a.title} <newsletter@${URL.canParse(a.url) ? new URL(a.url).host : 'example.org'}>   # or the EMAIL_FROM secret`,
        '    # subscribers: subscribers.csv   # or SUBSCRIBERS_FILE; CSV with an email column (and name), or JSON',
        ...(a.ownTemplates ? ['    templates: templates/email      # your copy of the MJML templates'] : ['    # templates: templates/email    # your own MJML templates (`newsletter-publisher init --templates` copies them)']),
      ],
      templates: 'email',
      byDefault: true,
    },
  }],
  ['mastodon', {
    load: async () => (await import('./mastodon/index.js')).mastodonChannel,
    options: async () => (await import('./mastodon/options.js')).parseMastodonOptions,
    init: announcementInit('                    # appended to the post, never cut', true),
  }],
  ['twitter', {
    load: async () => (await import('./twitter/index.js')).twitterChannel,
    options: async () => (await import('./twitter/options.js')).parseTwitterOptions,
    init: announcementInit('', false),
  }],
  ['bluesky', {
    load: async () => (await import('./bluesky/index.js')).blueskyChannel,
    options: async () => (await import('./bluesky/options.js')).parseBlueskyOptions,
  }],
  ['xmpp-pubsub', {
    load: async () => (await import('./xmpp-pubsub/index.js')).xmppPubsubChannel,
    options: async () => (await import('./xmpp-pubsub/options.js')).parseXmppPubsubOptions,
  }],
  ['xmpp-muc', {
    load: async () => (await import('./xmpp-muc/index.js')).xmppMucChannel,
    options: async () => (await import('./xmpp-muc/options.js')).parseXmppMucOptions,
  }],
]);
const names: string[] = [...registry.keys()];

/** Every registered channel name, built-in ones first (a live view). */
export const channelNames: readonly string[] = names;

/** The registry entry of `name`, or undefined for a name nobody registered. */
export function registryEntry(name: string): RegistryEntry | undefined {
  return registry.get(name);
}

/**
 * Adds a channel under `name` (its config key, ledger key and out/ folder; permanent).
 * The loader runs only when a config lists the channel. Names are unique: a built-in
 * or already registered channel is never replaced, so a plugin cannot hijack a built-in one.
 */
export function registerChannel(name: string, loader: ChannelLoader): void {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new TypeError(`channel name "${name}" must be lower-case letters, digits and dashes`);
  if (registry.has(name)) throw new TypeError(`a channel named "${name}" is already registered`);
  registry.set(name, { load: loader, options: ownParser(loader) });
  names.push(name);
}
