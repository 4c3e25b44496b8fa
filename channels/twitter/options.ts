import type { Config } from '../../src/config.js';
import type { Env } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { isRecord, parseHashtags, parseInteger, parseTemplateDir, unknownKeys, type Problems } from '../announcement/options.js';

export interface TwitterOptions {
  readonly hashtags: readonly string[];
  readonly templateDir?: string;
  /** Longest wait for a rate-limit reset before giving up (the run can be repeated later). */
  readonly maxWaitSeconds: number;
}

const KNOWN = ['hashtags', 'template', 'maxWaitSeconds'];
const PREFIX = 'channels.twitter';

export function parseTwitterOptions(raw: unknown, _env: Env, config: Config): TwitterOptions {
  const problems: Problems = [];
  const options = raw === undefined || raw === null ? {} : raw;
  if (!isRecord(options)) throw new PublishError('NP204', 'twitter options must be a mapping', [`${PREFIX}: got ${typeof raw}`]);
  unknownKeys(options, KNOWN, PREFIX, problems);
  const hashtags = parseHashtags(options['hashtags'], PREFIX, problems);
  const templateDir = parseTemplateDir(options['template'], config, PREFIX, problems);
  // X's rate-limit windows are 15 minutes; waiting longer than an hour is better left to a re-run.
  const maxWaitSeconds = parseInteger(options['maxWaitSeconds'], 'maxWaitSeconds', PREFIX, 0, 3600, problems);
  if (problems.length > 0) throw new PublishError('NP204', `twitter options have ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  return { hashtags, ...(templateDir ? { templateDir } : {}), maxWaitSeconds: maxWaitSeconds ?? 900 };
}

export interface TwitterCredentials {
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  readonly accessSecret: string;
  /** Base URL override (TWITTER_API_URL), without a trailing slash. */
  readonly apiUrl?: string;
}

export const TWITTER_VARIABLES = ['TWITTER_API_KEY', 'TWITTER_API_SECRET', 'TWITTER_ACCESS_TOKEN', 'TWITTER_ACCESS_SECRET'] as const;

/** The four OAuth 1.0a variables, present and well-formed; every problem listed at once. */
export function twitterCredentials(env: Env): TwitterCredentials {
  const missing = TWITTER_VARIABLES.filter((name) => !env[name]?.trim());
  if (missing.length > 0) throw new PublishError('NP202', `twitter needs ${missing.join(', ')}`, missing.map((name) => `${name} is not set`));
  const problems: string[] = [];
  for (const name of TWITTER_VARIABLES) if (/\s/.test((env[name] ?? '').trim())) problems.push(`${name} contains whitespace`);
  let apiUrl: string | undefined;
  const rawUrl = env['TWITTER_API_URL']?.trim();
  if (rawUrl) {
    try {
      const url = new URL(rawUrl);
      // twitter-api-v2 speaks HTTPS only.
      if (url.protocol !== 'https:') problems.push('TWITTER_API_URL must be an https URL');
      apiUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      problems.push('TWITTER_API_URL is not a URL');
    }
  }
  if (problems.length > 0) throw new PublishError('NP202', 'twitter credentials are malformed', problems);
  return {
    appKey: (env['TWITTER_API_KEY'] ?? '').trim(),
    appSecret: (env['TWITTER_API_SECRET'] ?? '').trim(),
    accessToken: (env['TWITTER_ACCESS_TOKEN'] ?? '').trim(),
    accessSecret: (env['TWITTER_ACCESS_SECRET'] ?? '').trim(),
    ...(apiUrl ? { apiUrl } : {}),
  };
}
