// Which files a preview depends on, derived from the (possibly broken) config.
import path from 'node:path';
import { findPackageRoot } from '../../channels/announcement/package-root.js';
import { DEFAULT_CONFIG_FILE, type Config } from '../config.js';
import type { WatchSet } from './watch.js';

export interface WatchPlanInput {
  readonly cwd: string;
  readonly configFile?: string;
  readonly file?: string;
}

export function planWatch(input: WatchPlanInput, config: Config | undefined): WatchSet {
  const folders = [path.join(findPackageRoot(import.meta.url), 'templates')];
  const files = [path.resolve(input.cwd, input.configFile ?? DEFAULT_CONFIG_FILE)];
  if (input.file) files.push(path.resolve(input.cwd, input.file));
  if (config) {
    folders.push(config.content, path.join(config.root, 'templates'));
    files.push(config.ledger);
    // Channels' own template overrides (email `templates`, social `template`).
    for (const channel of config.channels) {
      for (const key of ['templates', 'template']) {
        const value = channel.options[key];
        if (typeof value === 'string') folders.push(path.resolve(config.root, value));
      }
    }
  }
  return { folders: [...new Set(folders)], files: [...new Set(files)] };
}
