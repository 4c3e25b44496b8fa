// The email channel (issue #3): MJML rendered once per issue, one pooled
// SMTP message per subscriber, a journal for exactly-once delivery.
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import type { Channel, ChannelContext } from '../../src/channel.js';
import { defineChannel } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { checkAddress } from '../../src/mail-address.js';
import { emailCard } from './card.js';
import { rfc5322Date } from './headers.js';
import { personalize } from './mime.js';
import { dkimKeyProblem, parseEmailOptions, type EmailOptions } from './options.js';
import { defaultTemplateFolder } from './paths.js';
import { planLines, setPlanLines } from './plan.js';
import { renderSet } from './set-render.js';
import { MISSING_SMTP_URL, publishEmail, requireSecrets, type EmailReceipt } from './publish.js';
import { artifacts, compileFor, fromParts, renderPayload, sizeFindings, type EmailPayload } from './render.js';
import { sampleIssue } from './sample-issue.js';
import { withStoreSubscribers } from './store-source.js';
import { listArtifacts, listPlanLines, publishToList, verifyList } from './list-delivery.js';
import { DEFAULT_RETRY, type RetryPolicy } from './send.js';
import { TemplateSet } from './template-engine.js';
import { unsubscribeUrl } from './tokens.js';
import { createNodemailerTransport, type CreateTransport, type MailTransport } from './transport.js';

export type { EmailOptions } from './options.js';
export type { EmailPayload } from './render.js';
export type { EmailReceipt } from './publish.js';
export type { CreateTransport, MailTransport, TransportSettings } from './transport.js';

export interface EmailChannelDeps {
  readonly createTransport?: CreateTransport;
  readonly retry?: RetryPolicy;
  /** Clock for the Date header of live sends (renders never read the clock). */
  readonly now?: () => Date;
}

function templatesFor(ctx: ChannelContext<EmailOptions>): TemplateSet {
  return new TemplateSet(ctx.options.templates ?? defaultTemplateFolder(), ctx.config.root);
}

function smtpUrlProblem(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') return 'SMTP_URL: must start with smtp:// or smtps://';
    if (!parsed.hostname) return 'SMTP_URL: has no host';
    if (parsed.port && !/^\d+$/.test(parsed.port)) return 'SMTP_URL: port is not a number';
    return undefined;
  } catch {
    // Never echo the value: it holds the SMTP password.
    return 'SMTP_URL: is not a URL (expected smtp://user:pass@host:port)';
  }
}

function readable(file: string, what: string): string | undefined {
  try {
    accessSync(file, constants.R_OK);
    return undefined;
  } catch {
    return `${what}: cannot read ${file}`;
  }
}

/** One line for the outcome: who has the issue now, and who could not get it. */
export function describeEmailReceipt(receipt: EmailReceipt): string {
  const skipped = Object.entries(receipt.skipped).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  return `sent ${receipt.sent}, failed ${receipt.failed}, skipped ${skipped.length > 0 ? skipped.join(', ') : '0'}`;
}

export function createEmailChannel(deps: EmailChannelDeps = {}): Channel<EmailOptions, EmailPayload, EmailReceipt> {
  const createTransport = deps.createTransport ?? createNodemailerTransport;
  const injected = deps.createTransport;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const now = deps.now ?? (() => new Date());
  return {
    name: 'email',
    scope: 'issue',
    phase: 1,
    // One message per reader per translation set, in their language.
    translations: 'set',
    parseOptions: parseEmailOptions,

    async verify(given) {
      if (given.options.delivery === 'list') verifyList(given.options);
      const ctx = given.options.delivery === 'list' ? given : await withStoreSubscribers(given);
      const { smtpUrl, subscribers } = ctx.options.delivery === 'list' ? { smtpUrl: ctx.options.smtpUrl!, subscribers: undefined } : requireSecrets(ctx.options);
      const problems = [
        smtpUrlProblem(smtpUrl),
        (ctx.options.unsubscribeSecret ?? '').length < 16 && subscribers ? 'UNSUBSCRIBE_SECRET: shorter than 16 characters (use a long random value)' : undefined,
        subscribers ? readable(subscribers, 'subscriber list') : undefined,
        ctx.options.suppression ? readable(ctx.options.suppression, 'email.suppression') : undefined,
        dkimKeyProblem(ctx.options.dkim),
      ].filter((p): p is string => p !== undefined);
      if (problems.length > 0) throw new PublishError('NP400', `email: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
      // The template must compile under strict validation before anything is sent.
      await renderPayload({ issue: sampleIssue(ctx.config), options: ctx.options, config: ctx.config, templates: templatesFor(ctx) });
    },

    async probe(given) {
      const ctx = given.options.delivery === 'list' ? given : await withStoreSubscribers(given);
      const { smtpUrl } = ctx.options.delivery === 'list' ? { smtpUrl: ctx.options.smtpUrl! } : requireSecrets(ctx.options);
      // The probe may run on its own (`--probe`): an unusable key is reported here too, before the login check.
      const keyProblem = dkimKeyProblem(ctx.options.dkim);
      if (keyProblem) throw new PublishError('NP400', 'email: the DKIM key cannot sign (nothing was sent)', [keyProblem]);
      const transport = singleConnection(createTransport, ctx.options, smtpUrl);
      try {
        await transport.verify();
      } catch (error) {
        const e = error as { code?: string; response?: string; message?: string };
        throw new PublishError('NP400', 'email: the SMTP server refused the connection check (nothing was sent)', [
          `${e.code ?? 'error'}: ${ctx.log.redact(e.response ?? e.message ?? 'unknown')}`,
        ]);
      } finally {
        transport.close();
      }
    },

    async render(issue, given) {
      // A dry run without access to the store still renders; the plan then says the count is unknown.
      if (given.options.delivery === 'list') {
        const listed = await renderPayload({ issue, options: given.options, config: given.config, templates: templatesFor(given) });
        const files = listArtifacts(artifacts(listed, given.options), listed, given.options);
        return { artifacts: files, payload: listed, findings: sizeFindings(listed, given.options.sizeBudget), plan: listPlanLines(listed, given.options), cards: [emailCard(issue.key, files)] };
      }
      const ctx = await withStoreSubscribers(given).catch((error: Error) => (given.log.warn(`email: ${given.log.redact(error.message)}`), given));
      const templates = templatesFor(ctx);
      const { payload, late } = await renderSet(issue, ctx, (member) => renderPayload({ issue: member, options: ctx.options, config: ctx.config, templates }));
      const messages = [payload, ...(payload.translations ?? [])];
      return {
        artifacts: messages.flatMap((message) => artifacts(message, ctx.options)),
        payload,
        cards: messages.map((message) => emailCard(issue.key, artifacts(message, ctx.options))),
        findings: messages.flatMap((message) => sizeFindings(message, ctx.options.sizeBudget)),
        plan: [...await planLines(payload, ctx.options), ...await setPlanLines(payload, ctx.options, late)],
      };
    },

    async publish(payload, ctx) {
      if (ctx.options.delivery === 'list') return publishToList(payload, ctx, createTransport, now);
      return publishEmail(payload, await withStoreSubscribers(ctx), { createTransport: injected, retry, now });
    },

    describe: describeEmailReceipt,

    testCopy: {
      // One test copy needs a server and a sender, not the subscriber list or the unsubscribe key
      // (the copy's unsubscribe link uses a placeholder key); the sender defaults from site.url.
      missing: (env, config) => (env['SMTP_URL']?.trim() ? [] : [{ variable: 'SMTP_URL', detail: `${MISSING_SMTP_URL} (the sender is EMAIL_FROM, else email.from, else newsletter@${config.site.host})` }]),
      send: (payload, ctx, address) => sendTest(payload, ctx, address, deps),
    },
  };
}

/** One unpooled connection: the probe's login check and `--to` test copies. */
function singleConnection(create: CreateTransport, options: EmailOptions, url: string): MailTransport {
  return create({ url, pool: false, maxConnections: 1, rateLimit: 0, dkim: options.dkim });
}

export interface TestSendResult {
  readonly messageId: string;
}

/** `--to ADDRESS`: one `[TEST]` copy, sent directly, recorded nowhere. */
export async function sendTest(
  payload: EmailPayload,
  ctx: ChannelContext<EmailOptions>,
  address: string,
  deps: EmailChannelDeps = {},
): Promise<TestSendResult> {
  const check = checkAddress(address);
  if (!check.ok) throw new PublishError('NP204', `--to: "${address}" is not a usable address`, [check.reason]);
  const options = ctx.options;
  const smtpUrl = options.smtpUrl;
  if (!smtpUrl) throw new PublishError('NP202', 'email: 1 environment variable missing', [MISSING_SMTP_URL]);
  const from = fromParts(options);
  const date = (deps.now ?? (() => new Date()))();
  const compiled = compileFor(payload, options, { subject: `[TEST] ${payload.subject}`, date: rfc5322Date(date) });
  const messageId = `<test.${date.getTime()}.${randomBytes(6).toString('hex')}@${from.domain}>`;
  const raw = personalize(compiled, {
    address: check.address,
    messageId,
    unsubscribeUrl: unsubscribeUrl(options.unsubscribeUrl, options.unsubscribeSecret ?? 'test-copy', check.address),
  });
  const transport = singleConnection(deps.createTransport ?? createNodemailerTransport, options, smtpUrl);
  try {
    await transport.sendMail({ envelope: { from: from.address, to: [check.address] }, raw });
  } catch (error) {
    const e = error as { response?: string; message?: string };
    throw new PublishError('NP500', `email: the test copy to ${check.address} was not accepted`, [ctx.log.redact(e.response ?? e.message ?? 'unknown error')]);
  } finally {
    transport.close();
  }
  ctx.log.info(`email: test copy sent to ${check.address} (${messageId}); nothing recorded`);
  return { messageId };
}

export const emailChannel = defineChannel(createEmailChannel());
