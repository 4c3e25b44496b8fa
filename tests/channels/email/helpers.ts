// Shared test plumbing: config, context, real parsed issues, corpus access.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChannelContext, Env, Progress } from '../../../src/channel.js';
import { parseConfig, type Config } from '../../../src/config.js';
import { isPublishError, type PublishError } from '../../../src/errors.js';
import type { Issue } from '../../../src/model.js';
import { parseIssueFile } from '../../../src/parse/issue.js';
import { createLogger } from '../../../src/log.js';
import { createRedactor } from '../../../src/redact.js';
import { parseEmailOptions, type EmailOptions } from '../../../channels/email/options.js';
import { fixtureContent, fixtureProject } from '../../fixtures/project.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const corpusRoot = path.resolve(repoRoot, '../shared/corpus');
export const hasCorpus = existsSync(path.join(corpusRoot, 'xsf'));

export function tempDir(prefix = 'np-email-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function testConfig(root = repoRoot, extra = ''): Config {
  return parseConfig(
    `site:\n  url: https://xmpp.org\n  title: The XMPP Newsletter\n  language: en\n  timezone: Europe/Berlin\n  license: CC BY-SA 4.0\ncontent: content\nledger: .publish/ledger.json\n${extra}`,
    path.join(root, 'publish.config.yaml'),
  );
}

export function bundledIssue(config: Config = testConfig()): Issue {
  const dir = fixtureContent;
  const file = readdirSync(dir).filter((f) => f.endsWith('.md')).sort()[0];
  const parsed = parseIssueFile(path.join(dir, file), config, fixtureProject);
  if (!parsed.issue) throw new Error(`bundled issue ${file} does not parse`);
  return parsed.issue;
}

export const seedsDir = path.resolve(repoRoot, '../shared/seeds');

/** The ready seed issue (`000_*` in ../shared/seeds), parsed as content/2020-11-05-newsletter.md; independent of this repository's content/. */
export function seedIssue(config: Config = testConfig()): Issue | undefined {
  const name = existsSync(seedsDir) ? readdirSync(seedsDir).find((f) => f.startsWith('000_')) : undefined;
  if (!name) return undefined;
  const dir = tempDir('np-email-seed-');
  const file = path.join(dir, 'content', '2020-11-05-newsletter.md');
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(path.join(seedsDir, name), file);
  const parsed = parseIssueFile(file, config, dir);
  if (!parsed.issue) throw new Error(`seed ${name} does not parse`);
  return parsed.issue;
}

export function corpusFiles(): string[] {
  const out: string[] = [];
  for (const folder of ['xsf/hugo', 'xsf/pelican', 'xsf/drafts', 'twir']) {
    const dir = path.join(corpusRoot, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (/\.(md|markdown|txt)$/.test(name)) out.push(path.join(dir, name));
  }
  return out;
}

export interface Captured {
  readonly out: string[];
  readonly err: string[];
  readonly progress: Array<[number, number]>;
}

export function makeContext(options: { raw?: unknown; env?: Env; config?: Config; stateDir?: string; signal?: AbortSignal } = {}): {
  ctx: ChannelContext<EmailOptions>;
  captured: Captured;
} {
  const config = options.config ?? testConfig();
  const env = options.env ?? {};
  const captured: Captured = { out: [], err: [], progress: [] };
  const log = createLogger({ write: (s: string) => captured.out.push(s) }, { write: (s: string) => captured.err.push(s) }, createRedactor(env));
  const progress = (): Progress => ({
    update: (done, total) => void captured.progress.push([done, total]),
    done: () => undefined,
  });
  const ctx: ChannelContext<EmailOptions> = {
    options: parseEmailOptions(options.raw ?? {}, env, config),
    config,
    env,
    cwd: config.root,
    log,
    archive: [],
    ledger: { published: () => undefined },
    stateDir: options.stateDir ?? tempDir(),
    progress,
    signal: options.signal ?? new AbortController().signal,
  };
  return { ctx, captured };
}

/** The PublishError a promise rejects with; anything else (or no rejection) fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<PublishError> {
  try {
    await promise;
  } catch (error) {
    if (isPublishError(error)) return error;
    throw error;
  }
  throw new Error('expected a PublishError');
}
