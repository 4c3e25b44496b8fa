import type { Env } from '../channel.js';
import { PublishError } from '../errors.js';
import type { Writable } from '../log.js';

export interface PreviewOptions {
  readonly cwd: string;
  readonly env: Env;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly configFile?: string;
  readonly file?: string;
  readonly port?: number;
  readonly signal?: AbortSignal;
}

export async function startPreview(_options: PreviewOptions): Promise<void> {
  throw new PublishError('NP100', 'publish preview is not available yet in this build; use `publish --dry-run` and open out/');
}
