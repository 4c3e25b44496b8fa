// Shared test helpers: a config built in code (the tests do not depend on the
// YAML loader), the real seed and corpus paths, a quiet context.
import path from 'node:path';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { Config } from '../../../src/config.js';
import type { Channel, ChannelContext, Env, LedgerView, PublishedRecord } from '../../../src/channel.js';
import type { Issue } from '../../../src/model.js';
import { createRedactor } from '../../../src/redact.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');
export const seedFile = path.resolve(repoRoot, '../shared/seeds/000_fb307372a97273fe.txt');

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    file: path.join(repoRoot, 'publish.config.yaml'),
    root: repoRoot,
    site: { url: 'https://xmpp.org', host: 'xmpp.org', title: 'The XMPP Newsletter', description: '', language: 'en', languages: ['en'], timezone: 'Europe/Berlin' },
    content: path.join(repoRoot, 'content'),
    permalink: '/:year/:month/:slug/',
    ledger: path.join(repoRoot, '.publish/ledger.json'),
    stateDir: path.join(repoRoot, '.publish'),
    channels: [],
    ...overrides,
  };
}

/** A ledger in memory, written the way the lifecycle writes it. */
export class MemoryLedger implements LedgerView {
  readonly records = new Map<string, PublishedRecord>();
  published(issueId: string): PublishedRecord | undefined {
    return this.records.get(issueId);
  }
  record(issueId: string, receipt: unknown): void {
    this.records.set(issueId, { at: '2020-11-05T12:00:00Z', payloadHash: 'test', receipt });
  }
}

export interface CapturedLog { readonly lines: string[] }

export function testContext<O>(options: O, env: Env, extra: Partial<ChannelContext<O>> = {}): ChannelContext<O> & CapturedLog {
  const lines: string[] = [];
  const redact = createRedactor(env);
  const config = testConfig();
  return {
    options,
    config,
    env,
    cwd: repoRoot,
    log: { info: (l) => void lines.push(redact(l)), warn: (l) => void lines.push(redact(`warning: ${l}`)), error: (l) => void lines.push(redact(l)), redact },
    archive: [],
    ledger: new MemoryLedger(),
    stateDir: mkdtempSync(path.join(os.tmpdir(), 'np-social-')),
    progress: () => ({ update: () => undefined, done: () => undefined }),
    signal: new AbortController().signal,
    lines,
    ...extra,
  };
}

/** The October 2020 seed, parsed by the project's own parser (undefined while the parser is absent). */
export async function seedIssue(): Promise<Issue> {
  const { parseIssueText } = await import('../../../src/parse/issue.js');
  const parsed = parseIssueText(readFileSync(seedFile, 'utf8'), seedFile, testConfig());
  if (!parsed.issue) throw new Error(`seed did not parse: ${JSON.stringify(parsed.findings)}`);
  return parsed.issue;
}

export async function parseFile(file: string): Promise<Issue | undefined> {
  const { parseIssueText } = await import('../../../src/parse/issue.js');
  return parseIssueText(readFileSync(file, 'utf8'), file, testConfig()).issue;
}

export const hasSeed = existsSync(seedFile);
export const hasCorpus = existsSync(corpusDir);

/** verify → render → publish as the lifecycle runs them, then record the receipt. */
export async function publishThrough<O, P, R>(channel: Channel<O, P, R>, raw: unknown, environment: Env, config: Config, ledger: MemoryLedger, issue: Issue) {
  const options = channel.parseOptions(raw, environment, config);
  const ctx = testContext(options, environment, { ledger });
  await channel.verify(ctx);
  const rendered = await channel.render(issue, ctx);
  const receipt = await channel.publish(rendered.payload, ctx);
  ledger.record(issue.id, receipt);
  return { rendered, receipt, ctx };
}
