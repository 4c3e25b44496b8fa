// `publish --to ADDRESS`: one [TEST] copy of the email to one address, with the
// same verify and render as a real run, and nothing recorded anywhere.
import path from 'node:path';
import { MISSING_SMTP_URL } from '../channels/email/publish.js';
import type { AnyChannel, ChannelContext, Env } from './channel.js';
import { channelContext } from './channel-set.js';
import { loadConfig } from './config.js';
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

type SendTest = (payload: unknown, ctx: ChannelContext<unknown>, address: string) => Promise<unknown>;

export async function sendTestEmail(options: TestSendOptions): Promise<void> {
  const log = createLogger(options.stdout, options.stderr, createRedactor(options.env));
  const config = loadConfig(options.cwd, options.configFile);
  requireIssueFiles(options.cwd, options.files);
  assertNoLeakyDebug(options.env);
  const entry = config.channels.find((c) => c.name === 'email');
  if (!entry) throw new PublishError('NP203', '--to needs the email channel in publish.config.yaml');
  // One test copy needs a server and a sender, not the subscriber list or the unsubscribe key
  // (the copy's unsubscribe link uses a placeholder key); the sender defaults from site.url.
  if (!options.env['SMTP_URL']?.trim()) {
    throw new PublishError('NP202', '--to needs SMTP_URL to send the test copy', [`${MISSING_SMTP_URL} (the sender is EMAIL_FROM, else email.from, else newsletter@${config.site.host})`]);
  }
  const content = loadContent(config, config.root);
  const named = options.files[0] ? checkFile(path.resolve(options.cwd, options.files[0]), config, config.root) : undefined;
  if (named && !named.issue) throw new PublishError('NP302', `${named.file} cannot be parsed`, named.findings.map((f) => `line ${f.line}: ${f.message}`));
  const issue = named?.issue ?? content.issues.filter((i) => isReady(i, new Date())).at(-1);
  if (!issue) throw new PublishError('NP301', 'no ready issue to send');
  const mod = (await import('../channels/email/index.js')) as { emailChannel: AnyChannel; sendTest?: SendTest };
  if (!mod.sendTest) throw new PublishError('NP100', 'this build of the email channel cannot send test copies');
  const channel = mod.emailChannel;
  const ledger = Ledger.load(config.ledger);
  const scope = { config, env: options.env, cwd: options.cwd, log, ledger, stderr: options.stderr, signal: new AbortController().signal };
  const ctx = channelContext(scope, 'email', channel.parseOptions(entry.options, options.env, config), content.issues);
  const rendered = await channel.render(issue, ctx);
  // The channel reports the copy it sent; nothing is recorded anywhere.
  await mod.sendTest(rendered.payload, ctx, options.to);
}
