import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { parseConfig, type Config } from '../../src/config.js';
import { fixtureProject } from '../fixtures/project.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedRoot = path.resolve(repoRoot, '../shared');
export const corpusRoot = path.join(sharedRoot, 'corpus');
export const seedsRoot = path.join(sharedRoot, 'seeds');
export const hasShared = existsSync(path.join(corpusRoot, 'xsf'));
export const seed000 = path.join(seedsRoot, '000_fb307372a97273fe.txt');
export const seed003 = path.join(seedsRoot, '003_7a65e1e7239cc95d.txt');
export const bin = path.join(repoRoot, 'dist/cli/bin.js');

if (!hasShared) console.warn(`[skip] ../shared/corpus not found beside the repository: corpus and seed tests are skipped`);

export function tempDir(prefix = 'np-core-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function xsfConfig(root = repoRoot, extra = ''): Config {
  return parseConfig(
    `site:\n  url: https://xmpp.org\n  title: The XMPP Newsletter\n  language: en\n  timezone: Europe/Berlin\ncontent: content\n${extra}`,
    path.join(root, 'publish.config.yaml'),
  );
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would: a separate process, its own cwd and environment. */
export function cli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? fixtureProject,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
