import path from 'node:path';
import type { Config } from '../../src/config.js';
import { unknownOption } from '../../src/did-you-mean.js';
import { PublishError } from '../../src/errors.js';

export interface FeedOptions {
  /** Newest N published issues per feed. */
  readonly limit: number;
  /** Absolute folder publish writes the feed files to (the static site's feed folder). */
  readonly outputDir: string;
  /** Public URL of that folder, ending with `/`: the `rel="self"` base and the WebSub topic. */
  readonly publicUrl: string;
  /** WebSub hub to advertise and ping after publishing. */
  readonly hub?: string;
  /** Lower-case BCP 47 tags; the first is the site language (the default feed). */
  readonly languages: readonly string[];
  /**
   * Atom feed id (`:<lang>` appended for per-language feeds). Default: the id already published
   * (ledger), else `tag:<site host>,<year of the oldest issue>:feed`; never the feed's URL.
   */
  readonly id?: string;
}

export const DEFAULT_LIMIT = 20;
export const DEFAULT_OUTPUT_DIR = 'public/feed';
const KNOWN_KEYS = new Set(['limit', 'outputDir', 'publicUrl', 'hub', 'languages', 'id']);
const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$/;
const MAX_LIMIT = 10_000;

/** Pure: validates the `feed` entry of publish.config.yaml, reporting every problem at once. */
export function parseFeedOptions(raw: unknown, config: Config): FeedOptions {
  const problems: string[] = [];
  const input = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) problems.push('feed: options must be a mapping');
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key)) problems.push(unknownOption('feed', key, KNOWN_KEYS));
  }

  let limit = DEFAULT_LIMIT;
  if (input.limit !== undefined) {
    if (typeof input.limit === 'number' && Number.isInteger(input.limit) && input.limit >= 1 && input.limit <= MAX_LIMIT) limit = input.limit;
    else problems.push(`feed.limit: must be a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(input.limit)}`);
  }

  let outputDir = path.resolve(config.root, DEFAULT_OUTPUT_DIR);
  if (input.outputDir !== undefined) {
    if (typeof input.outputDir === 'string' && input.outputDir.trim() !== '') outputDir = path.resolve(config.root, input.outputDir);
    else problems.push('feed.outputDir: must be a non-empty folder path (relative to the config file)');
  }

  let publicUrl = `${config.site.url}/feed/`;
  if (input.publicUrl !== undefined) {
    const url = httpUrl(input.publicUrl);
    if (url) publicUrl = url.href.endsWith('/') ? url.href : `${url.href}/`;
    else problems.push(`feed.publicUrl: must be an absolute http(s) URL, got ${JSON.stringify(input.publicUrl)}`);
    if (url && (url.search || url.hash)) problems.push('feed.publicUrl: must be a folder URL without ?query or #fragment');
  }

  let hub: string | undefined;
  if (input.hub !== undefined) {
    const url = httpUrl(input.hub);
    if (url) hub = url.href;
    else problems.push(`feed.hub: must be an absolute http(s) URL, got ${JSON.stringify(input.hub)}`);
  }

  const site = config.site.language.toLowerCase();
  let languages: string[] = [site, ...config.site.languages.map((l) => l.toLowerCase())];
  if (input.languages !== undefined) {
    if (Array.isArray(input.languages) && input.languages.every((l): l is string => typeof l === 'string' && LANGUAGE.test(l))) {
      languages = [site, ...input.languages.map((l) => l.toLowerCase())];
    } else {
      problems.push('feed.languages: must be a list of language tags such as [en, de, fr]');
    }
  }

  let id: string | undefined;
  if (input.id !== undefined) {
    if (typeof input.id === 'string' && /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(input.id)) id = input.id;
    else problems.push('feed.id: must be an absolute URI such as tag:example.org,2024:newsletter');
  }

  if (problems.length > 0) {
    throw new PublishError('NP204', `feed has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  }
  return { limit, outputDir, publicUrl, hub, languages: [...new Set(languages)], id };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function httpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
