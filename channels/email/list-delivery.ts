// `delivery: list`: the rendered issue goes once to a mailing list's posting
// address (Mailman 3), which fans it out with its own List-* headers and
// footer. The post is pre-approved with `Approved: <password>` (Mailman 3
// strips it before distribution). Mailman does not deduplicate a re-post with
// the same Message-ID, so a marker written right after the server's 250 — and
// the ledger after it — guard the single post.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChannelContext } from '../../src/channel.js';
import { writeFileAtomic } from '../../src/atomic-write.js';
import { PublishError } from '../../src/errors.js';
import { rfc5322Date } from './headers.js';
import { journalFile } from './journal.js';
import { personalize } from './mime.js';
import type { EmailOptions } from './options.js';
import type { EmailReceipt } from './publish.js';
import { compileFor, formatKb, fromParts, type EmailPayload } from './render.js';
import { shortHash } from './tokens.js';
import type { CreateTransport } from './transport.js';

/** What the dry run writes instead of the password: the artifact never holds the secret. */
export const APPROVED_PLACEHOLDER = '********';

/** Mailman 3's unsubscribe address of a list: LIST-leave@DOMAIN. */
export function leaveAddress(listAddress: string): string {
  const at = listAddress.lastIndexOf('@');
  return `${listAddress.slice(0, at)}-leave${listAddress.slice(at)}`;
}

const DROPPED = /^(list-unsubscribe|list-unsubscribe-post|list-id):/i;

/** The list post: one message, no per-recipient List-* headers, `Approved:` when a password is given. */
export function listMessage(payload: EmailPayload, options: EmailOptions, date: string, approved: string | undefined): Buffer {
  const list = options.listAddress!;
  const raw = personalize(compileFor(payload, options, { date }), {
    address: list,
    messageId: `<${shortHash(payload.issueId, 16)}.list@${fromParts(options).domain}>`,
    // The body's unsubscribe link points at the list's own leave address.
    unsubscribeUrl: `mailto:${leaveAddress(list)}`,
  });
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, split).toString('utf8').split(/\r\n(?![ \t])/);
  const kept = head.filter((field) => !DROPPED.test(field));
  if (approved !== undefined) kept.push(`Approved: ${approved}`);
  return Buffer.concat([Buffer.from(kept.join('\r\n'), 'utf8'), raw.subarray(split)]);
}

export function listPlanLines(payload: EmailPayload, options: EmailOptions): string[] {
  return [
    `message: "${payload.subject}" from ${options.from}; HTML ${formatKb(payload.htmlBytes)}; one post to the mailing list ${options.listAddress}, which sends it to its members`,
    options.approvePassword
      ? 'approval: Approved: header from MAILING_LIST_APPROVE_PASSWORD (the list distributes it at once)'
      : 'approval: MAILING_LIST_APPROVE_PASSWORD is not set: the post will be HELD for moderation until a list moderator approves it',
  ];
}

function markerFile(stateDir: string, issueId: string): string {
  return journalFile(stateDir, issueId).replace(/\.jsonl$/, '.list.json');
}

export function verifyList(options: EmailOptions): void {
  if (!options.smtpUrl) throw new PublishError('NP202', 'email: 1 environment variable missing', ['SMTP_URL is not set: the mail server that accepts posts to the list, as smtp://user:pass@host:port']);
}

export async function publishToList(payload: EmailPayload, ctx: ChannelContext<EmailOptions>, createTransport: CreateTransport, now: () => Date): Promise<EmailReceipt> {
  const options = ctx.options;
  verifyList(options);
  const marker = markerFile(ctx.stateDir, payload.issueId);
  const journal = path.relative(ctx.stateDir, marker).split(path.sep).join('/');
  const receipt = (sentThisRun: number): EmailReceipt => ({ sent: 1, sentThisRun, failed: 0, skipped: { malformed: 0, duplicates: 0, suppressed: 0 }, failures: [], journal, journalLines: 0 });
  if (existsSync(marker)) {
    const earlier = JSON.parse(readFileSync(marker, 'utf8')) as { at: string };
    ctx.log.info(`email: already posted to ${options.listAddress} at ${earlier.at}; not posting again`);
    return receipt(0);
  }
  if (!options.approvePassword) ctx.log.warn(`email: MAILING_LIST_APPROVE_PASSWORD is not set: the post to ${options.listAddress} will be held for moderation until a moderator approves it`);
  const date = now();
  const raw = listMessage(payload, options, rfc5322Date(date), options.approvePassword);
  const transport = createTransport({ url: options.smtpUrl!, pool: false, maxConnections: 1, rateLimit: 0, dkim: options.dkim });
  try {
    await transport.sendMail({ envelope: { from: fromParts(options).address, to: [options.listAddress!] }, raw });
  } catch (error) {
    const e = error as { response?: string; message?: string };
    throw new PublishError('NP500', `email: the post to ${options.listAddress} was not accepted`, [ctx.log.redact(e.response ?? e.message ?? 'unknown error')]);
  } finally {
    transport.close();
  }
  mkdirSync(path.dirname(marker), { recursive: true });
  writeFileAtomic(marker, `${JSON.stringify({ list: options.listAddress, at: date.toISOString(), approved: Boolean(options.approvePassword) })}\n`);
  ctx.log.info(`email: posted once to ${options.listAddress}${options.approvePassword ? ' (pre-approved)' : ' (held for moderation)'}`);
  return receipt(1);
}

/** The dry run's files: the sample .eml is the exact list post (password masked). */
export function listArtifacts<A extends { path: string; content: string | Uint8Array }>(files: A[], payload: EmailPayload, options: EmailOptions): A[] {
  const post = listMessage(payload, options, payload.date, options.approvePassword ? APPROVED_PLACEHOLDER : undefined);
  return files.map((file) => (file.path.endsWith('/email.eml') ? { ...file, content: post } : file));
}
