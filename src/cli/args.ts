import { parseArgs } from 'node:util';
import { PublishError } from '../errors.js';

export type Command = 'publish' | 'check' | 'release' | 'preview' | 'serve' | 'subscribers' | 'bounces' | 'help' | 'version';

export interface Args {
  readonly command: Command;
  readonly files: string[];
  readonly channels: string[];
  readonly force: string[];
  readonly dryRun: boolean;
  readonly probe: boolean;
  readonly json: boolean;
  readonly all: boolean;
  readonly yes: boolean;
  readonly out?: string;
  readonly to?: string;
  readonly since?: string;
  readonly port?: number;
  readonly config?: string;
  /** bounces: the mbox file of delivery status notifications. */
  readonly mbox?: string;
}

const SUBCOMMANDS = new Set(['check', 'release', 'preview', 'serve', 'subscribers', 'bounces']);

export function parseCliArgs(argv: readonly string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        channel: { type: 'string', multiple: true },
        force: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        probe: { type: 'boolean' },
        json: { type: 'boolean' },
        all: { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        out: { type: 'string' },
        to: { type: 'string' },
        since: { type: 'string' },
        port: { type: 'string' },
        config: { type: 'string' },
        mbox: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify .*$/s, '');
    const code = /argument missing/.test(message) ? 'NP101' : 'NP100';
    throw new PublishError(code, message);
  }
  const { values, positionals } = parsed;
  const first = positionals[0];
  const command: Command = values.help ? 'help' : values.version ? 'version' : first && SUBCOMMANDS.has(first) ? (first as Command) : 'publish';
  const files = command !== 'publish' && first === command ? positionals.slice(1) : positionals;
  // A bare word is a guessed command (`publish send`), never an issue file: issue files are
  // Markdown paths. Stopping here keeps a guess from publishing the newest issue instead.
  const guessed = files.find((f) => /^[a-z][a-z-]*$/i.test(f));
  if (guessed !== undefined && (command === 'publish' || command === 'check')) {
    throw new PublishError('NP100', `"${guessed}" is not a command (commands: ${[...SUBCOMMANDS].join(', ')}; or name an issue file such as content/2020-11-05-newsletter.md)`);
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PublishError('NP100', `--port ${values.port} is not a port number (0–65535)`);
  }
  if (command === 'release' && files.length > 0) throw new PublishError('NP100', `publish release takes no FILE (got ${files.join(' ')}); use --since REF to limit it`);
  if (values.to !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.to)) throw new PublishError('NP100', `--to ${values.to} is not an email address`);
  if (values.to !== undefined && values['dry-run']) throw new PublishError('NP102', '--to sends a real test email and --dry-run sends nothing: use one of them');
  return {
    command,
    files,
    channels: values.channel ?? [],
    force: values.force ?? [],
    dryRun: Boolean(values['dry-run']),
    probe: Boolean(values.probe),
    json: Boolean(values.json),
    all: Boolean(values.all),
    yes: Boolean(values.yes),
    out: values.out,
    to: values.to,
    since: values.since,
    port,
    config: values.config,
    mbox: values.mbox,
  };
}
