import path from 'node:path';
import type { Config } from '../../src/config.js';
import type { Env } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { isRecord, parseHashtags, parseTemplateDir, unknownKeys, type Problems } from '../announcement/options.js';

/** Where the card's thumbnail comes from. */
export type ThumbnailSource = { readonly kind: 'issue' } | { readonly kind: 'none' } | { readonly kind: 'url'; readonly url: string } | { readonly kind: 'file'; readonly path: string };

export interface BlueskyOptions {
  readonly hashtags: readonly string[];
  /** Overrides the language (the post's `langs`, and the template). */
  readonly language?: string;
  readonly image: ThumbnailSource;
  readonly templateDir?: string;
}

const KNOWN = ['hashtags', 'language', 'image', 'template'];
const PREFIX = 'channels.bluesky';
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function parseBlueskyOptions(raw: unknown, _env: Env, config: Config): BlueskyOptions {
  const problems: Problems = [];
  const options = raw === undefined || raw === null ? {} : raw;
  if (!isRecord(options)) throw new PublishError('NP204', 'bluesky options must be a mapping', [`${PREFIX}: got ${typeof raw}`]);
  unknownKeys(options, KNOWN, PREFIX, problems);
  const hashtags = parseHashtags(options['hashtags'], PREFIX, problems);
  const language = options['language'];
  if (language !== undefined && (typeof language !== 'string' || !LANGUAGE_TAG.test(language))) {
    problems.push(`${PREFIX}.language: must be a language code such as en or de`);
  }
  const image = parseImage(options['image'], config, problems);
  const templateDir = parseTemplateDir(options['template'], config, PREFIX, problems);
  if (problems.length > 0) throw new PublishError('NP204', `bluesky options have ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  return { hashtags, ...(typeof language === 'string' ? { language } : {}), image, ...(templateDir ? { templateDir } : {}) };
}

/** `true` (default): the first raster image; `false`: none; a string: an https URL or a file. */
function parseImage(value: unknown, config: Config, problems: Problems): ThumbnailSource {
  if (value === undefined || value === true) return { kind: 'issue' };
  if (value === false) return { kind: 'none' };
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${PREFIX}.image: must be true, false, an image URL or a file path`);
    return { kind: 'none' };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    if (!/^https?:\/\//i.test(value)) problems.push(`${PREFIX}.image: only http(s) URLs can be fetched`);
    return { kind: 'url', url: value };
  }
  return { kind: 'file', path: path.resolve(config.root, value) };
}

export interface BlueskyCredentials {
  readonly identifier: string;
  readonly password: string;
  readonly service: string;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** BLUESKY_IDENTIFIER, BLUESKY_APP_PASSWORD (and BLUESKY_SERVICE), present and well-formed; every problem at once. */
export function blueskyCredentials(env: Env): BlueskyCredentials {
  const missing = ['BLUESKY_IDENTIFIER', 'BLUESKY_APP_PASSWORD'].filter((name) => !env[name]?.trim());
  if (missing.length > 0) throw new PublishError('NP202', `bluesky needs ${missing.join(' and ')}`, missing.map((name) => `${name} is not set`));
  const identifier = (env['BLUESKY_IDENTIFIER'] ?? '').trim().replace(/^@/, '');
  const password = (env['BLUESKY_APP_PASSWORD'] ?? '').trim();
  const serviceText = (env['BLUESKY_SERVICE'] ?? '').trim() || 'https://bsky.social';
  const problems: string[] = [];
  // A handle (a domain name), a DID or an account e-mail address.
  if (!/^did:[a-z]+:[A-Za-z0-9._:%-]+$/.test(identifier) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(identifier) && !/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*$/i.test(identifier)) {
    problems.push('BLUESKY_IDENTIFIER must be a handle (e.g. xmpp.org or name.bsky.social), a DID or the account e-mail');
  }
  // App passwords look like abcd-efgh-ijkl-mnop; the account's main password must not be used here.
  if (!/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/i.test(password)) {
    problems.push('BLUESKY_APP_PASSWORD must be an app password (xxxx-xxxx-xxxx-xxxx, made under Settings → Privacy and security → App passwords), not the account password');
  }
  let service: URL | undefined;
  try {
    service = new URL(serviceText);
  } catch {
    problems.push('BLUESKY_SERVICE is not a URL (expected e.g. https://bsky.social)');
  }
  if (service && service.protocol !== 'https:' && !(service.protocol === 'http:' && LOOPBACK.includes(service.hostname))) {
    problems.push('BLUESKY_SERVICE must use https (plain http only for 127.0.0.1/localhost)');
  }
  if (problems.length > 0) throw new PublishError('NP202', 'bluesky credentials are malformed', problems);
  return { identifier, password, service: service ? service.origin : serviceText };
}
