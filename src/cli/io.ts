// What a CLI command is given: arguments, folder, environment and streams. Its
// own module so the commands (init, subscriptions) need not import main.ts,
// which imports them.
import type { Env } from '../channel.js';
import type { Writable } from '../log.js';

export interface CliIo {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Env;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly signal?: AbortSignal;
}
