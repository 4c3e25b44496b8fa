// The `channels:` section checked as a whole, without loading any channel:
// unknown channel names and every channel's invalid options, listed at once.
// `publish check`, every dry run and every live run stop here (exit 2), so a
// typo never passes review to fail the live run.
import { channelNames, registryEntry } from '../channels/index.js';
import type { Env } from './channel.js';
import { entryEnv } from './entry-env.js';
import type { Config } from './config.js';
import { closest } from './did-you-mean.js';
import { PublishError, isPublishError } from './errors.js';

export async function channelConfigProblems(config: Config, env: Env): Promise<string[]> {
  const problems: string[] = [];
  for (const entry of config.channels) {
    const type = entry.type ?? entry.name;
    const load = registryEntry(type)?.options;
    if (!load) {
      const guess = closest(type, channelNames);
      problems.push(`channels: "${type}" is not a channel${guess ? `; did you mean "${guess}"?` : ''} (channels: ${channelNames.join(', ')})`);
      continue;
    }
    try {
      (await load())(entry.options, entryEnv(env, entry.env), config);
    } catch (error) {
      if (isPublishError(error) && error.details.length > 0) problems.push(...error.details);
      else problems.push(`${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Throws NP204 (NP203 when only names are wrong) listing every problem of the `channels:` section. */
export async function assertChannelConfig(config: Config, env: Env): Promise<void> {
  const problems = await channelConfigProblems(config, env);
  if (problems.length === 0) return;
  const onlyNames = problems.every((p) => p.startsWith('channels: "'));
  throw new PublishError(onlyNames ? 'NP203' : 'NP204', `${config.file} has ${problems.length} channel problem${problems.length === 1 ? '' : 's'}`, problems);
}
