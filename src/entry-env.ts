// A channel entry's view of the environment: `env:` in the entry reads a
// variable under another name, so a second entry of one channel type (a
// German Mastodon account) has its own secrets without the channel knowing.
import type { Env } from './channel.js';

export function entryEnv(env: Env, renames: Readonly<Record<string, string>> | undefined): Env {
  if (!renames) return env;
  const out: Record<string, string | undefined> = { ...env };
  for (const [usual, actual] of Object.entries(renames)) out[usual] = env[actual];
  return out;
}
