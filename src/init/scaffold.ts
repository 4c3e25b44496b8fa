// `newsletter-publisher init`: the files of a new newsletter repository. The
// plan is computed first and checked as a whole, so a refused init (a file
// exists, a value is invalid) writes nothing at all.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { channelNames, registryEntry } from '../../channels/index.js';
import { isValidZone, parseConfig } from '../config.js';
import { PublishError } from '../errors.js';
import { findPackageRoot } from '../package-root.js';
import { configText, type SiteAnswers } from './config-text.js';

export interface InitOptions extends SiteAnswers {
  /** Folder to create the newsletter in (created when missing). */
  readonly dir: string;
  readonly force: boolean;
  /** The first issue is dated today in the site's time zone. */
  readonly now: Date;
}

export interface PlannedFile {
  /** Relative to the target folder, `/`-separated. */
  readonly path: string;
  readonly content: string | Buffer;
}

export interface InitResult {
  readonly written: readonly string[];
  /** The target had a package.json already: it was left alone. */
  readonly keptPackageJson: boolean;
}

const PLACEHOLDER = /\{\{(url|title|language|timezone|channels|date)\}\}/g;

export function planScaffold(options: InitOptions): PlannedFile[] {
  validate(options);
  const root = findPackageRoot(import.meta.url);
  const source = path.join(root, 'templates', 'init');
  const date = dayIn(options.now, options.timezone);
  const values: Record<string, string> = {
    url: options.url, title: options.title, language: options.language, timezone: options.timezone,
    channels: options.channels.join(', '), date,
  };
  const fill = (name: string): string => readFileSync(path.join(source, name), 'utf8').replace(PLACEHOLDER, (_, key: string) => values[key]);
  const files: PlannedFile[] = [
    { path: 'publish.config.yaml', content: configText(options) },
    { path: `content/${date}-first-issue.md`, content: fill('first-issue.md') },
    { path: '.github/workflows/ci.yml', content: fill('workflows/ci.yml') },
    { path: '.github/workflows/release.yml', content: fill('workflows/release.yml') },
    { path: '.gitignore', content: fill('gitignore') },
    { path: 'README.md', content: fill('README.md') },
  ];
  if (!existsSync(path.join(options.dir, 'package.json'))) files.push({ path: 'package.json', content: packageJson(options.title, root) });
  if (options.ownTemplates) {
    // The template folders the chosen channels use (the announcement one is shared).
    const kinds = new Set(options.channels.flatMap((name) => registryEntry(name)?.init?.templates ?? []));
    for (const kind of kinds) {
      for (const name of readdirSync(path.join(root, 'templates', kind)).sort()) {
        files.push({ path: `templates/${kind}/${name}`, content: readFileSync(path.join(root, 'templates', kind, name)) });
      }
    }
  }
  return files;
}

export function writeScaffold(options: InitOptions, files: readonly PlannedFile[] = planScaffold(options)): InitResult {
  const existing = files.filter((f) => existsSync(path.join(options.dir, f.path)));
  if (existing.length > 0 && !options.force) {
    throw new PublishError('NP104', `${existing.length} file${existing.length === 1 ? '' : 's'} already exist${existing.length === 1 ? 's' : ''} in ${options.dir}`, existing.map((f) => f.path));
  }
  for (const file of files) {
    const full = path.join(options.dir, file.path);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, file.content);
  }
  return { written: files.map((f) => f.path), keptPackageJson: !files.some((f) => f.path === 'package.json') };
}

/** Every wrong answer at once, checked by the same validator `publish` uses on the config. */
function validate(options: InitOptions): void {
  const problems: string[] = [];
  const unknown = options.channels.filter((c) => !channelNames.includes(c));
  if (unknown.length > 0) problems.push(`--channels: unknown ${unknown.join(', ')} (available: ${channelNames.join(', ')})`);
  if (options.channels.length === 0) problems.push('--channels: name at least one channel');
  // The config validator stops at schema errors before it reaches the zone: check it here too.
  if (!isValidZone(options.timezone)) problems.push(`--timezone: "${options.timezone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`);
  try {
    // With one registered channel whatever was chosen: only the site answers are checked here (the channels above).
    parseConfig(configText({ ...options, channels: channelNames.slice(0, 1) }), path.join(options.dir, 'publish.config.yaml'));
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    problems.push(...(error.details.length > 0 ? error.details : [error.message]).filter((p) => !p.startsWith('site.timezone')));
  }
  if (problems.length > 0) throw new PublishError('NP101', `init cannot write a valid configuration`, problems);
}

/** YYYY-MM-DD of `now` in `zone`. */
function dayIn(now: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function packageJson(title: string, root: string): string {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const name = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'newsletter';
  return JSON.stringify({
    name, private: true,
    scripts: { check: 'publish check', 'dry-run': 'publish --dry-run', preview: 'publish preview' },
    devDependencies: { 'newsletter-publisher': `^${version}` },
  }, null, 2) + '\n';
}
