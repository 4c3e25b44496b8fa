// `newsletter-publisher init [DIR]`: flags first, questions on a terminal for
// what the flags left open, then one scaffold written in full or not at all.
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { channelNames, registryEntry } from '../../channels/index.js';
import { PublishError } from '../errors.js';
import type { SiteAnswers } from '../init/config-text.js';
import type { CliIo } from './io.js';

/** The channels a new newsletter starts with: those the registry marks as defaults. */
const DEFAULT_CHANNELS = channelNames.filter((name) => registryEntry(name)?.init?.byDefault).join(',');

export const INIT_HELP = `newsletter-publisher init [DIR] — scaffold a newsletter repository (DIR: default the current folder).

  --url URL          The site the issues' pages are published on (required), e.g. https://news.example.org
  --title TEXT       The newsletter's name (required).
  --language CODE    Language of the issues (default: en).
  --timezone ZONE    IANA time zone for dates without an offset (default: this machine's, else UTC).
  --channels LIST    Comma-separated channels (default: ${DEFAULT_CHANNELS}).
  --templates        Copy the email and announcement templates into templates/ to customise them.
  --yes              Ask nothing: take the defaults for what no flag gives.
  --force            Overwrite files that already exist (never done without it).

On a terminal, init asks for every value no flag gives (unless --yes).
`;


interface InitFlags {
  readonly dir: string;
  readonly url?: string;
  readonly title?: string;
  readonly language?: string;
  readonly timezone?: string;
  readonly channels?: string;
  readonly templates: boolean;
  readonly yes: boolean;
  readonly force: boolean;
  readonly help: boolean;
}

function parseInitArgs(argv: readonly string[]): InitFlags {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv], allowPositionals: true, strict: true,
      options: {
        url: { type: 'string' }, title: { type: 'string' }, language: { type: 'string' },
        timezone: { type: 'string' }, channels: { type: 'string' },
        templates: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify .*$/s, '');
    throw new PublishError(/argument missing/.test(message) ? 'NP101' : 'NP100', `init: ${message}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new PublishError('NP100', `init takes one folder, got ${positionals.join(' ')}`);
  return {
    dir: positionals[0] ?? '.', url: values.url, title: values.title, language: values.language,
    timezone: values.timezone, channels: values.channels, templates: Boolean(values.templates),
    yes: Boolean(values.yes), force: Boolean(values.force), help: Boolean(values.help),
  };
}

function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

async function answers(flags: InitFlags, io: CliIo): Promise<SiteAnswers> {
  const interactive = !flags.yes && Boolean(io.stdin?.isTTY);
  let rl: Interface | undefined;
  const ask = async (label: string, given: string | undefined, fallback: string | undefined): Promise<string | undefined> => {
    if (given !== undefined || !interactive) return given ?? fallback;
    rl ??= createInterface({ input: io.stdin!, output: io.stdout as NodeJS.WritableStream });
    const answer = (await rl.question(`${label}${fallback ? ` [${fallback}]` : ''}: `)).trim();
    return answer || fallback;
  };
  try {
    const url = await ask('Site URL (where the issues\' pages are published)', flags.url, undefined);
    const title = await ask('Newsletter title', flags.title, undefined);
    const language = await ask('Language', flags.language, 'en');
    const timezone = await ask('Time zone', flags.timezone, machineZone());
    const channels = await ask('Channels', flags.channels, DEFAULT_CHANNELS);
    const missing = [url === undefined && '--url', title === undefined && '--title'].filter(Boolean);
    if (missing.length > 0) {
      throw new PublishError('NP101', `init needs ${missing.join(' and ')}`, ['e.g. newsletter-publisher init --url https://news.example.org --title "Garden Notes"']);
    }
    return {
      url: url!, title: title!, language: language!, timezone: timezone!, ownTemplates: flags.templates,
      channels: channels!.split(',').map((c) => c.trim()).filter(Boolean),
    };
  } finally {
    rl?.close();
  }
}

export async function runInit(argv: readonly string[], io: CliIo, now: Date = new Date()): Promise<number> {
  const flags = parseInitArgs(argv);
  if (flags.help) {
    io.stdout.write(INIT_HELP);
    return 0;
  }
  const site = await answers(flags, io);
  const dir = path.resolve(io.cwd, flags.dir);
  const { writeScaffold } = await import('../init/scaffold.js');
  const result = writeScaffold({ ...site, dir, force: flags.force, now });
  for (const file of result.written) io.stdout.write(`wrote ${path.relative(io.cwd, path.join(dir, file)) || file}\n`);
  const where = path.relative(io.cwd, dir);
  io.stdout.write([
    '',
    'Next:',
    ...(where ? [`  cd ${where}`] : []),
    result.keptPackageJson ? '  npm install --save-dev newsletter-publisher   (if package.json does not list it yet)' : '  npm install',
    '  npx publish check            lint the newest ready issue (the first one is a draft)',
    '  npx publish --dry-run content/*.md   render every channel into out/ and open out/index.html',
    '  then read README.md for the GitHub environment and its secrets.',
    '',
  ].join('\n'));
  return 0;
}
