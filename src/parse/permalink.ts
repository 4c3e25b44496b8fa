// Where an issue lives on the site: front-matter `url`, Pelican `save_as`, the
// first Hugo alias, else the configured permalink pattern.
import type { Config } from '../config.js';
import { zonedParts } from './dates.js';
import type { FrontMatterValue } from './front-matter.js';
import { slugify } from './slug.js';
import { asciiUri } from './urls.js';

interface Inputs {
  readonly title: string;
  readonly date: string;
  readonly language: string;
  readonly config: Config;
}

export function canonicalPathOf(data: Readonly<Record<string, FrontMatterValue>>, inputs: Inputs): string {
  const url = str(data.url);
  if (url) return normalisePath(url.replace(/^https?:\/\/[^/]+/i, ''));
  const saveAs = str(data.save_as);
  if (saveAs) return normalisePath(saveAs.replace(/(^|\/)index\.html?$/i, '$1'));
  const aliases = data.aliases;
  const alias = Array.isArray(aliases) ? str(aliases[0]) : str(aliases);
  if (alias) return normalisePath(alias);
  const { year, month, day } = zonedParts(inputs.date, inputs.config.site.timezone);
  const slug = str(data.slug) ?? slugify(inputs.title);
  const pattern = inputs.config.permalink.replaceAll(':year', year).replaceAll(':month', month).replaceAll(':day', day).replaceAll(':slug', slug);
  const prefix = inputs.language !== inputs.config.site.language ? `/${inputs.language}` : '';
  return normalisePath(prefix + pattern);
}

function normalisePath(value: string): string {
  let p = value.trim();
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/') && !/\.[a-z0-9]+$/i.test(p)) p += '/';
  return p.replace(/\/{2,}/g, '/');
}

function str(value: FrontMatterValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `/2020/10/newsletter-10-october/` → `2020-10-newsletter-10-october`. */
export function issueKey(canonicalPath: string): string {
  return canonicalPath.replace(/\.html?$/i, '').replace(/^\/+|\/+$/g, '').replaceAll('/', '-') || 'index';
}

/** DESIGN §1: `tag:<site host>,<YYYY-MM-DD>:<canonical path>` (RFC 4151). */
export function derivedId(host: string, date: string, canonicalPath: string, timeZone: string): string {
  const { year, month, day } = zonedParts(date, timeZone);
  // ASCII only (RFC 4151 has no IRI form): a path with `ü` or `עברית` is percent-escaped.
  return `tag:${host},${year}-${month}-${day}:${asciiUri(canonicalPath)}`;
}
