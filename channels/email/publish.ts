// publish(): stream the subscriber list, skip what the journal already holds,
// send one personalized copy per recipient through the pooled transport.
import path from 'node:path';
import type { ChannelContext } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { rfc5322Date } from './headers.js';
import { journalFile, Journal, readJournal } from './journal.js';
import { personalize } from './mime.js';
import type { EmailOptions } from './options.js';
import { countRecipients } from './plan.js';
import { compileFor, fromParts, messageIdFor, type EmailPayload } from './render.js';
import { sendLoop, type RetryPolicy } from './send.js';
import { emptyStats, readSuppression, recipients } from './subscribers.js';
import { recipientId, unsubscribeUrl } from './tokens.js';
import type { CreateTransport } from './transport.js';

export interface EmailReceipt {
  /** Recipients that have the issue (this run and earlier interrupted runs). */
  readonly sent: number;
  readonly sentThisRun: number;
  /** Permanent failures (5xx), this run and earlier ones. */
  readonly failed: number;
  readonly skipped: { readonly malformed: number; readonly duplicates: number; readonly suppressed: number };
  /** Reasons of failures with their counts; no address appears here. */
  readonly failures: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  /** Journal path relative to the state folder. */
  readonly journal: string;
}

export interface PublishDeps {
  readonly createTransport: CreateTransport;
  readonly retry: RetryPolicy;
  readonly now: () => Date;
}

const MAX_LISTED_PROBLEMS = 20;

export function requireSecrets(options: EmailOptions): { smtpUrl: string; secret: string; subscribers: string } {
  const missing: string[] = [];
  if (!options.smtpUrl) missing.push('SMTP_URL: smtp://user:pass@host:port of the mail server');
  if (!options.unsubscribeSecret) missing.push('UNSUBSCRIBE_SECRET: key for unsubscribe tokens and journal ids');
  if (!options.subscribers) missing.push('SUBSCRIBERS_FILE: CSV or JSON subscriber list (or email.subscribers in the config)');
  if (options.dkim && !options.dkim.privateKey) missing.push('DKIM_PRIVATE_KEY: PEM private key for email.dkim');
  if (missing.length > 0 || !options.smtpUrl || !options.unsubscribeSecret || !options.subscribers) {
    throw new PublishError('NP202', `email: ${missing.length} environment variable${missing.length === 1 ? '' : 's'} missing`, missing);
  }
  return { smtpUrl: options.smtpUrl, secret: options.unsubscribeSecret, subscribers: options.subscribers };
}

export async function publishEmail(payload: EmailPayload, ctx: ChannelContext<EmailOptions>, deps: PublishDeps): Promise<EmailReceipt> {
  const options = ctx.options;
  const { smtpUrl, secret, subscribers } = requireSecrets(options);
  const from = fromParts(options);
  const compiled = compileFor(payload, options, { date: rfc5322Date(deps.now()) });
  const file = journalFile(ctx.stateDir, payload.issueId);
  const done = await readJournal(file);

  let problems = 0;
  const report = (position: number, reason: string): void => {
    problems++;
    if (problems <= MAX_LISTED_PROBLEMS) ctx.log.warn(`email: ${path.basename(subscribers)} line ${position}: ${reason}; skipped`);
  };
  const suppressed = await readSuppression(options.suppression, (position, reason) => report(position, `suppression list: ${reason}`));
  const total = (await countRecipients(options)).valid;
  const stats = emptyStats();
  const journal = new Journal(file);
  journal.open();
  const transport = deps.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: options.maxConnections,
    rateLimit: options.rateLimit,
    dkim: options.dkim,
  });
  const progress = ctx.progress('email');
  let outcome;
  try {
    outcome = await sendLoop({
      transport,
      envelopeFrom: from.address,
      recipients: recipients(subscribers, suppressed, stats, report),
      done,
      idOf: (recipient) => recipientId(secret, payload.issueId, recipient.key),
      build: (recipient, id) => personalize(compiled, {
        address: recipient.address,
        name: recipient.name,
        messageId: messageIdFor(payload, id, from.domain),
        unsubscribeUrl: unsubscribeUrl(options.unsubscribeUrl, secret, recipient.address),
      }),
      journal,
      // Enough queued work to keep every pooled connection busy, no more.
      concurrency: options.maxConnections * 2,
      retry: deps.retry,
      signal: ctx.signal,
      onSettled: (counts) => progress.update(counts.sent + counts.failed + counts.deferred + counts.alreadyDone, total),
    });
  } finally {
    journal.close();
    transport.close();
  }
  if (problems > MAX_LISTED_PROBLEMS) ctx.log.warn(`email: ${problems - MAX_LISTED_PROBLEMS} more subscriber-list problems not listed`);

  const { counts, reasons } = outcome;
  let earlierSent = 0;
  let earlierFailed = 0;
  for (const status of done.values()) status === 'sent' ? earlierSent++ : earlierFailed++;
  const failures = [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  const skippedText = `${stats.malformed} malformed, ${stats.duplicates} duplicate, ${stats.suppressed} suppressed`;
  const summary = `email: sent ${counts.sent}${counts.alreadyDone ? ` (+${counts.alreadyDone} settled by an earlier run)` : ''}, failed ${counts.failed}, deferred ${counts.deferred}, skipped ${skippedText}`;
  progress.done(summary);
  ctx.log.info(summary);
  for (const failure of failures) ctx.log.info(`  ${failure.count} × ${failure.reason}`);

  if (outcome.aborted !== undefined || counts.deferred > 0) {
    throw new PublishError('NP500', `email: not every recipient was reached (${outcome.aborted ?? `${counts.deferred} deferred after retries`})`, [
      summary,
      ...failures.map((f) => `${f.count} × ${f.reason}`),
      `the journal ${path.relative(ctx.stateDir, file)} holds who has it: the same command resumes with the rest`,
    ]);
  }
  return {
    sent: counts.sent + earlierSent,
    sentThisRun: counts.sent,
    failed: counts.failed + earlierFailed,
    skipped: { malformed: stats.malformed, duplicates: stats.duplicates, suppressed: stats.suppressed },
    failures,
    journal: path.relative(ctx.stateDir, file).split(path.sep).join('/'),
  };
}
