// One shard of a send: the recipients whose journal id falls in this shard,
// streamed from the list, minus what the journal already holds, sent over
// this shard's own connection pool. Runs in-process (one shard) or in a
// worker thread per shard; the job is plain data either way.
import { createHash } from 'node:crypto';
import { journalFile, Journal, readJournal } from './journal.js';
import { personalize } from './mime.js';
import type { EmailOptions } from './options.js';
import { compileFor, fromParts, messageIds, type EmailPayload } from './compile.js';
import { sendLoop, type Addressed, type RetryPolicy, type SendCounts } from './send.js';
import { verpAddress } from './verp.js';
import { inAudience, messageFor } from './reader-language.js';
import { emptyStats, readSuppression, recipients, type ListStats, type Recipient } from './subscribers.js';
import { recipientId, unsubscribeUrl } from './tokens.js';
import type { CreateTransport } from './transport.js';

export interface ShardJob {
  readonly payload: EmailPayload;
  readonly options: EmailOptions;
  readonly stateDir: string;
  /** RFC 5322 Date header for this send. */
  readonly date: string;
  readonly shard: number;
  readonly shards: number;
  readonly retry: RetryPolicy;
  /**
   * Only one shard reports malformed rows and suppression-list problems (every
   * shard reads the whole list); each shard reports the duplicates of its own recipients.
   */
  readonly reportProblems: boolean;
}

export interface ShardResult {
  readonly counts: SendCounts;
  readonly reasons: ReadonlyArray<readonly [string, number]>;
  readonly stats: ListStats;
  readonly aborted?: string;
  readonly earlierSent: number;
  readonly earlierFailed: number;
}

export interface ShardHooks {
  readonly createTransport: CreateTransport;
  readonly signal: AbortSignal;
  readonly onProblem: (position: number, reason: string) => void;
  /**
   * After each settled recipient. `seen`: recipients of this shard read from
   * the list so far (the progress total: the list is read once, while sending,
   * so the total grows until the list is read to the end).
   */
  readonly onSettled: (counts: SendCounts, seen: number) => void;
}

/** Part `index` of `total` split into `parts` whole shares: the shares differ by at most one and sum to `total`. */
export function share(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

/**
 * How many shards a send may use: never more than the connections allowed
 * (each shard needs one), nor more than the messages per second allowed
 * (each shard's pool needs a whole message per second), so the shards'
 * pools together stay within maxConnections and rateLimit exactly.
 */
export function shardLimit(requested: number, options: Pick<EmailOptions, 'maxConnections' | 'rateLimit'>): number {
  let shards = Math.max(1, Math.min(requested, options.maxConnections));
  if (options.rateLimit > 0) shards = Math.min(shards, options.rateLimit);
  return shards;
}

/** This shard's part of the connection pool and of the rate limit (0 = unlimited). */
export function shardPool(options: Pick<EmailOptions, 'maxConnections' | 'rateLimit'>, shard: number, shards: number): { maxConnections: number; rateLimit: number } {
  return {
    maxConnections: share(options.maxConnections, shards, shard),
    rateLimit: options.rateLimit > 0 ? share(options.rateLimit, shards, shard) : 0,
  };
}

export function shardOf(id: string, shards: number): number {
  if (shards <= 1) return 0;
  return createHash('sha256').update(id).digest()[0] % shards;
}

/**
 * Journal ids by key, for this shard's filter and then its send loop: one
 * HMAC per recipient. The filter asks for a key just before the loop asks
 * for the same key, so remembering the last one is enough.
 */
function idCache(idOf: (key: string) => string): (key: string) => string {
  let lastKey: string | undefined;
  let lastId = '';
  return (key) => {
    if (key !== lastKey) {
      lastKey = key;
      lastId = idOf(key);
    }
    return lastId;
  };
}

/** This shard's recipients (already filtered by the list reader) with their journal ids. */
async function* withIds(source: AsyncIterable<Recipient>, idOf: (key: string) => string, audience: EmailPayload["audience"], seen: { n: number }): AsyncGenerator<Addressed> {
  for await (const recipient of source) {
    // A late translation goes only to its own readers; the others are not journaled, so nothing changes for them.
    if (!inAudience(recipient.language, audience)) continue;
    seen.n++;
    yield { recipient, id: idOf(recipient.key) };
  }
}

export async function runShard(job: ShardJob, hooks: ShardHooks): Promise<ShardResult> {
  const { payload, options } = job;
  const secret = options.unsubscribeSecret ?? '';
  const list = options.subscribers ?? '';
  const from = fromParts(options);
  const compiled = compileFor(payload, options, { date: job.date });
  // One compiled message per language of a translation set; each reader gets theirs.
  const compiledByLanguage = new Map((payload.translations ?? []).map((t) => [t.language ?? '', compileFor(t, options, { date: job.date })]));
  const messageIdOf = messageIds(payload, from.domain);
  const file = journalFile(job.stateDir, payload.issueId);
  const done = await readJournal(file);
  let earlierSent = 0;
  let earlierFailed = 0;
  for (const [id, status] of done) {
    if (shardOf(id, job.shards) !== job.shard) continue;
    if (status === 'sent') earlierSent++;
    else earlierFailed++;
  }
  const quiet = (): void => undefined;
  const report = job.reportProblems ? hooks.onProblem : quiet;
  const suppressed = await readSuppression(options.suppression, (position, reason) => report(position, `suppression list: ${reason}`));
  const stats = emptyStats();
  const idOf = idCache((key) => recipientId(secret, payload.issueId, key));
  const filter = { only: (key: string) => shardOf(idOf(key), job.shards) === job.shard, onDuplicate: hooks.onProblem };
  const seen = { n: 0 };
  const journal = new Journal(file);
  journal.open();
  const pool = shardPool(options, job.shard, job.shards);
  if (pool.maxConnections < 1 || (options.rateLimit > 0 && pool.rateLimit < 1)) {
    throw new Error(`email: shard ${job.shard} of ${job.shards} has no connection or no rate left (maxConnections ${options.maxConnections}, rateLimit ${options.rateLimit})`);
  }
  const transport = hooks.createTransport({
    url: options.smtpUrl ?? '',
    pool: true,
    maxConnections: pool.maxConnections,
    rateLimit: pool.rateLimit,
    dkim: options.dkim,
  });
  try {
    const outcome = await sendLoop({
      transport,
      envelopeFrom: options.verp ? (to: string) => verpAddress(from.address, to) : from.address,
      recipients: withIds(recipients(list, suppressed, stats, report, filter), idOf, payload.audience, seen),
      done,
      build: (recipient, id) => personalize(messageFor(recipient.language, compiled, compiledByLanguage), {
        address: recipient.address,
        name: recipient.name,
        messageId: messageIdOf(id),
        unsubscribeUrl: unsubscribeUrl(options.unsubscribeUrl, secret, recipient.address),
      }),
      journal,
      // Enough queued work to keep every pooled connection busy, no more.
      concurrency: Math.max(2, pool.maxConnections * 2),
      retry: job.retry,
      signal: hooks.signal,
      onSettled: (counts) => hooks.onSettled(counts, seen.n),
    });
    return { counts: outcome.counts, reasons: [...outcome.reasons], stats, aborted: outcome.aborted, earlierSent, earlierFailed };
  } finally {
    journal.close();
    transport.close();
  }
}
