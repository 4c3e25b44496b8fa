// `publish --to ADDRESS`: one [TEST] copy to one address from the first configured
// channel that offers test copies (the email), with the same render as a real
// run, and nothing recorded anywhere.
import path from 'node:path';
import { registryEntry } from '../channels/index.js';
import type { AnyChannel, Env } from './channel.js';
import { channelContext } from './channel-set.js';
import { loadConfig, type ChannelEntry, type Config } from './config.js';
import { checkFile, isReady, loadContent, requireIssueFiles } from './content.js';
import { assertNoLeakyDebug } from './debug-guard.js';
import { PublishError } from './errors.js';
import { Ledger } from './ledger.js';
import { createLogger, type Writable } from './log.js';
import { createRedactor } from './redact.js';

export interface TestSendOptions {
  readonly cwd: string;
  readonly env: Env;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly configFile?: string;
  readonly files: readonly string[];
  readonly to: string;
}

/** The first configured channel, in config order, that offers test copies (found by capability, never by name). */
async function testChannel(config: Config): Promise<{ channel: AnyChannel; entry: ChannelEntry; testCopy: NonNullable<AnyChannel['testCopy']> }> {
  for (const entry of config.channels) {
    const load = registryEntry(entry.name)?.load;
    const channel = load ? await load() : undefined;
    if (channel?.testCopy) return { channel, entry, testCopy: channel.testCopy };
  }
  throw new PublishError('NP203', `--to needs a channel that sends test copies in publish.config.yaml (configured: ${config.channels.map((c) => c.name).join(', ') || 'none'})`);
}

export async function sendTestCopy(options: TestSendOptions): Promise<void> {
  const log = createLogger(options.stdout, options.stderr, createRedactor(options.env));
  const config = loadConfig(options.cwd, options.configFile);
  requireIssueFiles(options.cwd, options.files);
  assertNoLeakyDebug(options.env);
  const { channel, entry, testCopy } = await testChannel(config);
  const missing = testCopy.missing(options.env, config);
  if (missing.length > 0) {
    throw new PublishError('NP202', `--to needs ${missing.map((m) => m.variable).join(', ')} to send the test copy`, missing.map((m) => m.detail));
  }
  const content = loadContent(config, config.root);
  const named = options.files[0] ? checkFile(path.resolve(options.cwd, options.files[0]), config, config.root) : undefined;
  if (named && !named.issue) throw new PublishError('NP302', `${named.file} cannot be parsed`, named.findings.map((f) => `line ${f.line}: ${f.message}`));
  const issue = named?.issue ?? content.issues.filter((i) => isReady(i, new Date())).at(-1);
  if (!issue) throw new PublishError('NP301', 'no ready issue to send');
  const ledger = Ledger.load(config.ledger);
  const scope = { config, env: options.env, cwd: options.cwd, log, ledger, stderr: options.stderr, signal: new AbortController().signal };
  const ctx = channelContext(scope, channel.name, channel.parseOptions(entry.options, options.env, config), content.issues);
  const rendered = await channel.render(issue, ctx);
  // The channel reports the copy it sent; nothing is recorded anywhere.
  await testCopy.send(rendered.payload, ctx, options.to);
}
