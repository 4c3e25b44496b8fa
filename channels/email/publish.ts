// publish(): stream the subscriber list, skip what the journal already holds,
// send one personalized copy per recipient. Large lists are split into
// shards by journal id, one worker thread (own pool, capped heap) per shard.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChannelContext } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { rfc5322Date } from './headers.js';
import { countedRecipients } from './plan.js';
import { ensureJournalCheck, journalFile, stateWriteError } from './journal.js';
import { checkJournalComplete, CheckpointWriter } from './journal-checkpoint.js';
import type { EmailOptions } from './options.js';
import type { EmailPayload } from './render.js';
import type { RetryPolicy, SendCounts } from './send.js';
import type { WorkerMessage } from './send-worker.js';
import { combineStats } from './subscribers.js';
import { compiledWorker, workerLimits } from './worker-heap.js';
import { runShard, shardLimit, type ShardJob, type ShardResult } from './shard.js';
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
  /** Recipient lines in the journal at the end of the send (also in its .checkpoint): a later run checks the journal against it. */
  readonly journalLines: number;
}

export interface PublishDeps {
  /** Absent: nodemailer, and worker threads for large lists. */
  readonly createTransport?: CreateTransport;
  readonly retry: RetryPolicy;
  readonly now: () => Date;
}

const MAX_LISTED_PROBLEMS = 20;
export const MISSING_SMTP_URL = 'SMTP_URL is not set: the mail server, as smtp://user:pass@host:port or smtps://…';

export function requireSecrets(options: EmailOptions): { smtpUrl: string; secret: string; subscribers: string } {
  const missing: string[] = [];
  if (!options.smtpUrl) missing.push(MISSING_SMTP_URL);
  if (!options.unsubscribeSecret) missing.push('UNSUBSCRIBE_SECRET is not set: a long random key for unsubscribe tokens and the send journal (never change it)');
  if (!options.subscribers) missing.push('SUBSCRIBERS_FILE is not set: the CSV or JSON subscriber list (or email.subscribers in the config)');
  if (options.dkim && !options.dkim.privateKey) missing.push('DKIM_PRIVATE_KEY is not set: the PEM private key for email.dkim');
  if (missing.length > 0 || !options.smtpUrl || !options.unsubscribeSecret || !options.subscribers) {
    throw new PublishError('NP202', `email: ${missing.length} environment variable${missing.length === 1 ? '' : 's'} missing`, missing);
  }
  return { smtpUrl: options.smtpUrl, secret: options.unsubscribeSecret, subscribers: options.subscribers };
}

function workerScript(): string | undefined {
  return compiledWorker(import.meta.url, 'send-worker.js');
}

/**
 * 0 = send in this thread; N = N worker threads. Injected transports (tests)
 * and TS sources stay in-process. Never more workers than connections or
 * messages per second (shardLimit), so the pools together keep both limits.
 */
function workerCount(options: EmailOptions, deps: PublishDeps): number {
  if (deps.createTransport || !workerScript()) return 0;
  if (options.workers === 0) return 0;
  return shardLimit(options.workers ?? Math.min(2, availableParallelism()), options);
}

function runInWorker(script: string, job: ShardJob, signal: AbortSignal, onProblem: (p: number, r: string) => void, onSettled: (settled: number, seen: number, journaled: number) => void): Promise<ShardResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: job, ...workerLimits(job.options.subscribers, job.shards) });
    const abort = (): void => worker.postMessage('abort');
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onSettled(message.settled, message.seen, message.journaled);
      else if (message.type === 'problem') onProblem(message.position, message.reason);
      else if (message.type === 'done') {
        settled = true;
        resolve(message.result);
        void worker.terminate();
      } else if (message.type === 'error') {
        settled = true;
        reject(message.code ? new PublishError(message.code, message.message, message.details) : new Error(message.message));
        void worker.terminate();
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
    });
    worker.on('exit', (code) => {
      signal.removeEventListener('abort', abort);
      if (!settled) reject(new Error(`email send worker exited with code ${code}`));
    });
  });
}

/**
 * Run every shard; the first one that fails stops the others (abort, so
 * each closes its journal and pool after the messages in flight), then
 * that first failure is thrown once all have settled. An abort of `parent`
 * (Ctrl-C) reaches every shard too.
 */
export async function runShards<T>(count: number, parent: AbortSignal, run: (index: number, signal: AbortSignal) => Promise<T>): Promise<T[]> {
  const controller = new AbortController();
  const forward = (): void => controller.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  let first: { error: unknown } | undefined;
  try {
    const settled = await Promise.allSettled(Array.from({ length: count }, (_, index) => run(index, controller.signal).catch((error: unknown) => {
      first ??= { error };
      controller.abort(error);
      throw error;
    })));
    if (first) throw first.error;
    return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
  } finally {
    parent.removeEventListener('abort', forward);
  }
}

function settledOf(counts: SendCounts): number {
  return counts.sent + counts.failed + counts.deferred + counts.alreadyDone;
}

export async function publishEmail(payload: EmailPayload, ctx: ChannelContext<EmailOptions>, deps: PublishDeps): Promise<EmailReceipt> {
  const options = ctx.options;
  const { subscribers, secret } = requireSecrets(options);
  const file = journalFile(ctx.stateDir, payload.issueId);
  // Before any shard reads the journal: a journal keyed by another secret, or
  // one that lost lines, must stop the run.
  const linesBefore = await checkJournalComplete(file);
  let checked: boolean;
  try {
    checked = ensureJournalCheck(file, secret);
  } catch (error) {
    throw error instanceof PublishError ? error : stateWriteError(file, error);
  }
  if (!checked) {
    ctx.log.warn(`email: the journal ${path.relative(ctx.stateDir, file)} has no secret check (written by an older version); resuming assumes UNSUBSCRIBE_SECRET is unchanged`);
  }
  const workers = workerCount(options, deps);
  const shards = Math.max(1, workers);
  const date = rfc5322Date(deps.now());

  let problems = 0;
  const report = (position: number, reason: string): void => {
    problems++;
    if (problems <= MAX_LISTED_PROBLEMS) ctx.log.warn(`email: ${path.basename(subscribers)} line ${position}: ${reason}; skipped`);
  };
  const progress = ctx.progress('email');
  // The total comes from the plan's count of the list (render, same process);
  // without it, from what the shards have read so far.
  const planned = countedRecipients(options);
  const settledPerShard = new Array<number>(shards).fill(0);
  const seenPerShard = new Array<number>(shards).fill(0);
  const journaledPerShard = new Array<number>(shards).fill(0);
  const checkpoint = new CheckpointWriter(file, linesBefore);
  // A checkpoint that cannot be written stops every shard (the journal is on the same disk).
  const stop = new AbortController();
  let stateFailure: unknown;
  const forwardAbort = (): void => stop.abort(ctx.signal.reason);
  if (ctx.signal.aborted) forwardAbort();
  else ctx.signal.addEventListener('abort', forwardAbort, { once: true });
  const onSettled = (shard: number, settled: number, seen: number, journaled?: number): void => {
    settledPerShard[shard] = settled;
    seenPerShard[shard] = seen;
    if (journaled !== undefined && stateFailure === undefined) {
      journaledPerShard[shard] = journaled;
      try {
        checkpoint.update(journaledPerShard.reduce((a, b) => a + b, 0));
      } catch (error) {
        stateFailure = error;
        stop.abort(error);
      }
    }
    const done = settledPerShard.reduce((a, b) => a + b, 0);
    progress.update(done, Math.max(done, planned ?? seenPerShard.reduce((a, b) => a + b, 0)));
  };
  const jobs: ShardJob[] = Array.from({ length: shards }, (_, shard) => ({
    payload, options, stateDir: ctx.stateDir, date, shard, shards, retry: deps.retry, reportProblems: shard === 0,
  }));
  const script = workerScript();
  let results: ShardResult[];
  let journalLines = linesBefore;
  try {
    results = workers === 0 || !script
      ? [await runShard(jobs[0], {
          createTransport: deps.createTransport ?? (await import('./transport.js')).createNodemailerTransport,
          signal: stop.signal,
          onProblem: report,
          onSettled: (counts, seen) => onSettled(0, settledOf(counts), seen, counts.sent + counts.failed),
        })]
      : await runShards(jobs.length, stop.signal, (shard, signal) => runInWorker(script, jobs[shard], signal, report, (n, seen, journaled) => onSettled(shard, n, seen, journaled)));
  } finally {
    ctx.signal.removeEventListener('abort', forwardAbort);
    // The exact count, whatever happened: a later run checks the journal against it.
    try {
      journalLines = await checkpoint.finish();
    } catch (error) {
      stateFailure ??= error;
    }
  }
  if (stateFailure !== undefined) throw stateFailure;
  if (problems > MAX_LISTED_PROBLEMS) ctx.log.warn(`email: ${problems - MAX_LISTED_PROBLEMS} more subscriber-list problems not listed`);

  const counts: SendCounts = { sent: 0, failed: 0, deferred: 0, alreadyDone: 0 };
  const reasons = new Map<string, number>();
  let aborted: string | undefined;
  let earlierSent = 0;
  let earlierFailed = 0;
  results.forEach((result, shard) => onSettled(shard, settledOf(result.counts), settledOf(result.counts)));
  for (const result of results) {
    counts.sent += result.counts.sent;
    counts.failed += result.counts.failed;
    counts.deferred += result.counts.deferred;
    counts.alreadyDone += result.counts.alreadyDone;
    earlierSent += result.earlierSent;
    earlierFailed += result.earlierFailed;
    aborted ??= result.aborted;
    for (const [reason, n] of result.reasons) reasons.set(reason, (reasons.get(reason) ?? 0) + n);
  }
  // Every shard reads the whole list but keeps (and dedupes) only its own recipients.
  const stats = combineStats(results.map((result) => result.stats));
  const failures = [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  const skippedText = `${stats.malformed} malformed, ${stats.duplicates} duplicate, ${stats.suppressed} suppressed`;
  const summary = `email: sent ${counts.sent}${counts.alreadyDone ? ` (+${counts.alreadyDone} settled by an earlier run)` : ''}, failed ${counts.failed}, deferred ${counts.deferred}, skipped ${skippedText}`;
  // The lifecycle prints the one outcome line from the receipt; the summary only goes into an error.
  progress.done();
  for (const failure of failures) ctx.log.info(`  ${failure.count} × ${failure.reason}`);

  if (aborted !== undefined || counts.deferred > 0) {
    throw new PublishError('NP500', `email: not every recipient was reached (${aborted ?? `${counts.deferred} deferred after retries`})`, [
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
    journalLines,
  };
}
