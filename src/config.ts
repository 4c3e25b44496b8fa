import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readYaml } from './yaml.js';
import type { ErrorObject } from 'ajv';
import { validate as validateConfig } from './generated/config-validator.js';
import { PublishError } from './errors.js';

export interface SiteConfig {
  /** Absolute site URL without a trailing slash. */
  readonly url: string;
  readonly host: string;
  readonly title: string;
  readonly description: string;
  readonly language: string;
  /** Languages that get a feed of their own (the site language always has the default feed). */
  readonly languages: readonly string[];
  /** IANA zone for front-matter dates without an offset (Pelican `date: 2019-05-03 9:00`). */
  readonly timezone: string;
  readonly author?: string;
  readonly license?: string;
}

export interface ChannelEntry {
  /** The entry's own name: ledger key, outcome lines, out/ files. */
  readonly name: string;
  /** The channel type (`channel: mastodon` for a second entry named `mastodon-de`); defaults to `name`. */
  readonly type?: string;
  /** Languages of a translation set this entry publishes, in order of preference; absent: the original. */
  readonly languages?: readonly string[];
  /** Environment variables this entry reads under other names, e.g. MASTODON_TOKEN: MASTODON_DE_TOKEN. */
  readonly env?: Readonly<Record<string, string>>;
  /** Everything but `name`, validated by the channel's parseOptions. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface Config {
  /** Absolute path of the config file. */
  readonly file: string;
  /** Folder holding the config file: relative paths in it resolve from here. */
  readonly root: string;
  readonly site: SiteConfig;
  /** Absolute path of the content folder. */
  readonly content: string;
  /** Pattern for issues without url/save_as/aliases: `:year`, `:month`, `:day`, `:slug`. */
  readonly permalink: string;
  /** Absolute path of the ledger file. */
  readonly ledger: string;
  /** Absolute path of the state folder (the ledger's folder): journals, lock. */
  readonly stateDir: string;
  readonly channels: readonly ChannelEntry[];
  /** URL schemes kept besides https, http, mailto and xmpp (lower case, no colon). Optional: configs built in code may omit it. */
  readonly allowedSchemes?: readonly string[];
  /** The `lint:` section; optional for the same reason. */
  readonly lint?: LintConfig;
  /** `subscriptions:`: the subscriber store and `publish serve` (absent: subscriber files only). */
  readonly subscriptions?: SubscriptionsConfig;
}


export type RuleSetting = 'error' | 'warning' | 'off';

export interface LintConfig {
  /** Severity overrides per rule name; `off` drops the rule's findings. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Template slots the placeholder rule looks for; undefined means its defaults. */
  readonly placeholders?: readonly string[];
}

export interface SubscriptionsConfig {
  /** Absolute path of the embedded SQLite file (DATABASE_URL selects PostgreSQL instead). */
  readonly store: string;
  /** Public base URL of `publish serve` (no trailing slash): List-Unsubscribe and confirmation links. */
  readonly publicUrl: string;
  /** Base URL the release reads `/api/subscribers` from (with SUBSCRIPTIONS_TOKEN); default publicUrl. */
  readonly url?: string;
  /** Absolute folder of page templates overriding the built-in ones. */
  readonly pages?: string;
}

export const DEFAULT_CONFIG_FILE = 'publish.config.yaml';

interface RawSite {
  url: string; title: string; description?: string; language?: string; languages?: string[];
  timezone?: string; author?: string; license?: string;
}
interface RawConfig {
  site: RawSite; content?: string; permalink?: string; ledger?: string;
  channels?: Array<{ name: string; channel?: string; languages?: string[]; env?: Record<string, string> } & Record<string, unknown>>;
  allowedSchemes?: string[];
  lint?: { rules?: Record<string, RuleSetting>; placeholders?: string[] };
  subscriptions?: { store?: string; publicUrl?: string; url?: string; pages?: string };
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

function validate(data: unknown): ErrorObject[] {
  const validator = validateConfig as Validator;
  return validator(data) ? [] : (validator.errors ?? []);
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : '(top level)';
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return `${where === '(top level)' ? '' : where + '.'}${key}: unknown key (check the spelling)`;
  }
  if (error.keyword === 'required') {
    const key = (error.params as { missingProperty: string }).missingProperty;
    return `${where === '(top level)' ? '' : where + '.'}${key}: required key is missing`;
  }
  if (error.keyword === 'pattern' && where === 'site.url') return 'site.url: must be an absolute http(s) URL with a dotted host, e.g. https://example.org';
  return `${where}: ${error.message ?? 'is invalid'}`;
}

export function parseConfig(text: string, file: string): Config {
  const read = readYaml(text);
  if (!read.ok) throw new PublishError('NP201', `${file} is not valid YAML`, [`line ${read.line}: ${read.message}`]);
  const data = read.value;
  const errors = validate(data);
  if (errors.length > 0) {
    throw new PublishError('NP201', `${file} has ${errors.length} problem${errors.length === 1 ? '' : 's'}`, errors.map(describe));
  }
  const raw = data as RawConfig;
  const root = path.dirname(path.resolve(file));
  const siteUrl = raw.site.url.replace(/\/+$/, '');
  const timezone = raw.site.timezone ?? 'UTC';
  if (!isValidZone(timezone)) {
    throw new PublishError('NP201', `${file} has 1 problem`, [`site.timezone: "${timezone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`]);
  }
  const names = new Set<string>();
  const channels: ChannelEntry[] = [];
  for (const entry of raw.channels ?? []) {
    // `channel` and `env` are generic keys of every entry; `languages` too, but it stays among the
    // options as well: the feed's per-language feeds are that entry's languages.
    const { name, channel, env, ...options } = entry;
    const languages = entry.languages;
    if (names.has(name)) throw new PublishError('NP201', `${file} has 1 problem`, [`channels: "${name}" is listed twice${channel === undefined ? ' (a second entry of one channel needs its own name and `channel: TYPE`)' : ''}`]);
    names.add(name);
    channels.push({ name, type: channel ?? name, options, ...(languages ? { languages } : {}), ...(env ? { env } : {}) });
  }
  const ledger = path.resolve(root, raw.ledger ?? '.publish/ledger.json');
  const language = raw.site.language ?? 'en';
  return {
    file: path.resolve(file),
    root,
    site: {
      url: siteUrl,
      host: new URL(siteUrl).host,
      title: raw.site.title,
      description: raw.site.description ?? '',
      language,
      languages: raw.site.languages ?? [language],
      timezone,
      author: raw.site.author,
      license: raw.site.license,
    },
    content: path.resolve(root, raw.content ?? 'content'),
    permalink: raw.permalink ?? '/:year/:month/:slug/',
    ledger,
    stateDir: path.dirname(ledger),
    channels,
    allowedSchemes: raw.allowedSchemes ?? [],
    lint: { rules: raw.lint?.rules ?? {}, ...(raw.lint?.placeholders ? { placeholders: raw.lint.placeholders } : {}) },
    ...(raw.subscriptions ? { subscriptions: subscriptionsConfig(raw.subscriptions, root, siteUrl) } : {}),
  };
}

function subscriptionsConfig(raw: NonNullable<RawConfig['subscriptions']>, root: string, siteUrl: string): SubscriptionsConfig {
  const trim = (url: string): string => url.replace(/\/+$/, '');
  return {
    // Outside .publish/: the release workflow commits that folder, and this file holds addresses.
    store: path.resolve(root, raw.store ?? 'subscriptions.sqlite'),
    publicUrl: trim(raw.publicUrl ?? siteUrl),
    ...(raw.url ? { url: trim(raw.url) } : {}),
    ...(raw.pages ? { pages: path.resolve(root, raw.pages) } : {}),
  };
}

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function loadConfig(cwd: string, file = DEFAULT_CONFIG_FILE): Config {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch {
    throw new PublishError('NP200', `${file} does not exist in ${cwd}`);
  }
  return parseConfig(text, full);
}
