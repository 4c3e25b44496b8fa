import type { Config } from '../../src/config.js';
import type { Env } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { isRecord, parseBoolean, parseHashtags, parseInteger, parseTemplateDir, unknownKeys, type Problems } from '../announcement/options.js';

export const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface MastodonOptions {
  readonly visibility: Visibility;
  /** Overrides the language. */
  readonly language?: string;
  readonly hashtags: readonly string[];
  /** The limit render composes for; publish re-reads the instance's own. */
  readonly maxCharacters: number;
  /** Attach the first image, with its alt text. */
  readonly image: boolean;
  /** Reply to the announcement with the highlights and their links. */
  readonly thread: boolean;
  readonly templateDir?: string;
}

const KNOWN = ['visibility', 'language', 'hashtags', 'maxCharacters', 'image', 'thread', 'template'];
const PREFIX = 'channels.mastodon';

export function parseMastodonOptions(raw: unknown, _env: Env, config: Config): MastodonOptions {
  const problems: Problems = [];
  const options = raw === undefined || raw === null ? {} : raw;
  if (!isRecord(options)) throw new PublishError('NP204', 'mastodon options must be a mapping', [`${PREFIX}: got ${typeof raw}`]);
  unknownKeys(options, KNOWN, PREFIX, problems);
  const visibility = options['visibility'] ?? 'public';
  if (typeof visibility !== 'string' || !(VISIBILITIES as readonly string[]).includes(visibility)) {
    problems.push(`${PREFIX}.visibility: must be one of ${VISIBILITIES.join(', ')}`);
  }
  const language = options['language'];
  if (language !== undefined && (typeof language !== 'string' || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language))) {
    problems.push(`${PREFIX}.language: must be a language code such as en or de`);
  }
  const hashtags = parseHashtags(options['hashtags'], PREFIX, problems);
  // Mastodon refuses limits below 1; no instance allows more than a few hundred thousand.
  const maxCharacters = parseInteger(options['maxCharacters'], 'maxCharacters', PREFIX, 1, 1_000_000, problems);
  const image = parseBoolean(options['image'], 'image', PREFIX, problems);
  const thread = parseBoolean(options['thread'], 'thread', PREFIX, problems);
  const templateDir = parseTemplateDir(options['template'], config, PREFIX, problems);
  if (problems.length > 0) throw new PublishError('NP204', `mastodon options have ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  return {
    visibility: visibility as Visibility,
    ...(typeof language === 'string' ? { language } : {}),
    hashtags,
    maxCharacters: maxCharacters ?? 500,
    image: image ?? false,
    thread: thread ?? false,
    ...(templateDir ? { templateDir } : {}),
  };
}

export interface MastodonCredentials {
  readonly url: string;
  readonly token: string;
}

/** MASTODON_URL and MASTODON_TOKEN, present and well-formed; every problem listed at once. */
export function mastodonCredentials(env: Env): MastodonCredentials {
  const missing = ['MASTODON_URL', 'MASTODON_TOKEN'].filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new PublishError('NP202', `mastodon needs ${missing.join(' and ')}`, missing.map((name) => `${name} is not set`));
  }
  const url = (env['MASTODON_URL'] ?? '').trim();
  const token = (env['MASTODON_TOKEN'] ?? '').trim();
  const problems: string[] = [];
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    problems.push('MASTODON_URL is not a URL (expected e.g. https://fosstodon.org)');
  }
  // Plain http would send the token in clear text; it is only acceptable on this machine.
  if (parsed && parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname))) {
    problems.push('MASTODON_URL must use https (plain http only for 127.0.0.1/localhost)');
  }
  if (parsed && (parsed.pathname !== '/' || parsed.search !== '')) problems.push('MASTODON_URL must be the instance root, e.g. https://fosstodon.org (no path)');
  if (/\s/.test(token)) problems.push('MASTODON_TOKEN contains whitespace');
  if (problems.length > 0) throw new PublishError('NP202', 'mastodon credentials are malformed', problems);
  return { url: parsed ? parsed.origin : url, token };
}
