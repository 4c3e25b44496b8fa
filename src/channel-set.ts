// Loading the selected channels and checking all of them before anything is
// sent: every problem of every channel is collected, then reported together.
import { registryEntry } from '../channels/index.js';
import type { AnyChannel, ChannelContext, Env } from './channel.js';
import type { Ledger } from './ledger.js';
import type { Logger, Writable } from './log.js';
import type { Issue } from './model.js';
import { createProgress } from './progress.js';
import { entryEnv } from './entry-env.js';
import type { Config } from './config.js';
import { PublishError, isPublishError } from './errors.js';

export interface LoadedChannel {
  readonly channel: AnyChannel;
  readonly options: unknown;
  /** The entry's environment when its `env:` renames variables. */
  readonly env?: Env;
}

export interface ChannelProblem {
  readonly channel: string;
  readonly step: 'load' | 'options' | 'verify' | 'probe';
  readonly message: string;
}

export async function loadChannels(config: Config, names: readonly string[], env: Env): Promise<{ loaded: LoadedChannel[]; problems: ChannelProblem[] }> {
  const loaded: LoadedChannel[] = [];
  const problems: ChannelProblem[] = [];
  for (const name of names) {
    const entry = config.channels.find((c) => c.name === name);
    const type = entry?.type ?? name;
    const loader = registryEntry(type)?.load;
    if (!loader || !entry) {
      problems.push({ channel: name, step: 'load', message: loader ? 'not listed under `channels:` in the config' : 'no such channel' });
      continue;
    }
    let channel: AnyChannel;
    try {
      // A second entry of one channel type (`name: mastodon-de`, `channel: mastodon`) is the same channel under its own name.
      const base = await loader();
      channel = base.name === name ? base : { ...base, name };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push({ channel: name, step: 'load', message: code === 'ERR_MODULE_NOT_FOUND' ? 'channel not available yet in this build' : messageOf(error) });
      continue;
    }
    try {
      loaded.push({ channel, options: channel.parseOptions(entry.options, entryEnv(env, entry.env), config), ...(entry.env ? { env: entryEnv(env, entry.env) } : {}) });
    } catch (error) {
      problems.push(...describe(name, 'options', error));
    }
  }
  return { loaded, problems };
}

export async function checkChannels(
  loaded: readonly LoadedChannel[],
  context: (item: LoadedChannel) => ChannelContext<unknown>,
  remote: boolean,
): Promise<ChannelProblem[]> {
  const problems: ChannelProblem[] = [];
  // Independent channels are checked concurrently: a slow SMTP probe should
  // not hold up the Mastodon one, and all problems are reported together.
  await Promise.all(loaded.map(async (item) => {
    const ctx = context(item);
    try {
      await item.channel.verify(ctx);
    } catch (error) {
      problems.push(...describe(item.channel.name, 'verify', error));
      return;
    }
    if (remote && item.channel.probe) {
      try {
        await item.channel.probe(ctx);
      } catch (error) {
        problems.push(...describe(item.channel.name, 'probe', error));
      }
    }
  }));
  return problems.sort((a, b) => loaded.findIndex((l) => l.channel.name === a.channel) - loaded.findIndex((l) => l.channel.name === b.channel));
}

function describe(channel: string, step: ChannelProblem['step'], error: unknown): ChannelProblem[] {
  // One detail belongs to its message (a template error: what, then file:line and the valid placeholders);
  // several are a list the message only counts.
  if (isPublishError(error) && error.details.length === 1) {
    const message = stripChannel(channel, error.message);
    // "1 problem" only counts the detail; anything else says what the detail is about.
    return [{ channel, step, message: /^\d+ /.test(message) ? error.details[0] : `${message}: ${error.details[0]}` }];
  }
  if (isPublishError(error) && error.details.length > 1) return error.details.map((d) => ({ channel, step, message: d }));
  return [{ channel, step, message: messageOf(error) }];
}

function stripChannel(channel: string, text: string): string {
  return text.startsWith(`${channel}: `) ? text.slice(channel.length + 2) : text;
}

export function messageOf(error: unknown): string {
  if (isPublishError(error)) return [`${error.code} ${error.message}`, ...error.details].join('; ');
  if (error instanceof Error) return error.message;
  return String(error);
}

export function problemsError(problems: readonly ChannelProblem[]): PublishError {
  return new PublishError('NP400', `${problems.length} problem${problems.length === 1 ? '' : 's'} found before publishing; nothing was sent`, problems.map((p) => `${p.channel} (${p.step}): ${p.message}`));
}

/** What every channel context of one run shares. */
export interface RunScope {
  readonly config: Config;
  readonly env: Env;
  readonly cwd: string;
  readonly log: Logger;
  readonly ledger: Ledger;
  /** Progress goes to stderr, so stdout stays the report. */
  readonly stderr: Writable;
  readonly signal: AbortSignal;
}

export function channelContext(scope: RunScope, channel: string, options: unknown, archive: readonly Issue[], env: Env = scope.env): ChannelContext<unknown> {
  return {
    options, config: scope.config, env, cwd: scope.cwd, log: scope.log, archive,
    ledger: scope.ledger.view(channel), stateDir: scope.config.stateDir,
    progress: (label) => createProgress(scope.stderr, label), signal: scope.signal,
  };
}
