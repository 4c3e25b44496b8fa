// The send loop: one message per recipient, bounded in-flight count, retries
// with backoff for 4xx and dropped connections, 5xx recorded and skipped, the
// journal written after every settled recipient. A message counts as settled
// only once its journal line is written; a journal that cannot be written
// stops the loop (NP610) and is never taken for an SMTP failure.
import { isPublishError, type PublishError } from '../../src/errors.js';
import type { Recipient } from './subscribers.js';
import type { Journal, JournalStatus } from './journal.js';
import type { MailTransport } from './transport.js';

export interface RetryPolicy {
  /** Attempts per recipient, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Consecutive connection-level failures (no success in between) that abort the run. */
  readonly circuitBreaker: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, circuitBreaker: 50 };

export interface SendCounts {
  sent: number;
  /** Permanent (5xx) failures: recorded in the journal, not retried by a re-run. */
  failed: number;
  /** Temporary failures that outlived the retries: a re-run tries them again. */
  deferred: number;
  /** Already settled by an earlier (interrupted) run of the same issue. */
  alreadyDone: number;
}

export interface SendOutcome {
  readonly counts: SendCounts;
  /** Reason → how many recipients; addresses masked. */
  readonly reasons: ReadonlyMap<string, number>;
  readonly aborted?: string;
}

export interface OutgoingMessage {
  readonly id: string;
  readonly envelopeTo: string;
  readonly raw: Buffer;
}

/** A recipient with its journal id (an HMAC, computed once per recipient by the caller). */
export interface Addressed {
  readonly recipient: Recipient;
  readonly id: string;
}

export interface SendLoopInput {
  readonly transport: MailTransport;
  /** A function of the recipient with email.verp (channels/email/verp.ts). */
  readonly envelopeFrom: string | ((recipient: string) => string);
  readonly recipients: AsyncIterable<Addressed>;
  /** Journal ids already settled. */
  readonly done: ReadonlyMap<string, JournalStatus>;
  readonly build: (recipient: Recipient, id: string) => Buffer;
  readonly journal: Journal;
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  readonly signal: AbortSignal;
  readonly onSettled?: (counts: SendCounts) => void;
}

interface SmtpError {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly message?: string;
}

type Verdict = 'permanent' | 'temporary' | 'fatal';

const FATAL_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS', 'ECONFIG', 'EDNS']);

export function classify(error: SmtpError): Verdict {
  if (error.code && FATAL_CODES.has(error.code)) return 'fatal';
  const code = error.responseCode;
  if (typeof code === 'number' && code >= 500 && code < 600) return 'permanent';
  return 'temporary';
}

/** Reason text without any address in it (the receipt goes to the ledger, the ledger into git). */
export function maskReason(error: SmtpError): string {
  const text = (error.response || error.message || error.code || 'unknown error').split('\n')[0];
  const masked = text.replace(/<?[^\s<>@]+@[^\s<>@]+>?/g, '<recipient>').slice(0, 160);
  return error.responseCode ? (masked.startsWith(String(error.responseCode)) ? masked : `${error.responseCode} ${masked}`) : `${error.code ?? 'error'}: ${masked}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function sendLoop(input: SendLoopInput): Promise<SendOutcome> {
  const counts: SendCounts = { sent: 0, failed: 0, deferred: 0, alreadyDone: 0 };
  const reasons = new Map<string, number>();
  let aborted: string | undefined;
  /** A permanent local failure (the journal cannot be written): rethrown once the messages in flight settle. */
  let stopped: PublishError | undefined;
  // Stops the messages still queued in the pool once the journal fails: sent
  // now, they would be accepted and unrecorded, and go out again on the re-run.
  const halt = new AbortController();
  let consecutiveFailures = 0;
  let inFlight = 0;
  const waiters: Array<() => void> = [];
  const release = (): void => {
    inFlight--;
    waiters.shift()?.();
  };
  const addReason = (reason: string): void => void reasons.set(reason, (reasons.get(reason) ?? 0) + 1);

  async function deliver(recipient: Recipient, id: string): Promise<void> {
    const raw = input.build(recipient, id);
    for (let attempt = 1; ; attempt++) {
      let error: SmtpError | undefined;
      try {
        await input.transport.sendMail({ envelope: { from: typeof input.envelopeFrom === 'string' ? input.envelopeFrom : input.envelopeFrom(recipient.address), to: [recipient.address] }, raw, signal: halt.signal });
      } catch (caught) {
        error = (caught ?? {}) as SmtpError;
      }
      if (error === undefined) {
        // The server has the message. Outside the try: a journal failure here
        // is no SMTP error, and retrying would send the message again.
        await input.journal.record({ r: id, s: 'sent' });
        counts.sent++;
        consecutiveFailures = 0;
        return;
      }
      const verdict = classify(error);
      if (verdict === 'fatal') {
        aborted ??= maskReason(error);
        counts.deferred++;
        return;
      }
      if (verdict === 'permanent') {
        await input.journal.record({ r: id, s: 'failed', c: error.responseCode });
        counts.failed++;
        addReason(maskReason(error));
        return;
      }
      if (error.responseCode === undefined && ++consecutiveFailures >= input.retry.circuitBreaker) {
        aborted ??= `${input.retry.circuitBreaker} connection failures in a row, last: ${maskReason(error)}`;
      }
      if (attempt >= input.retry.attempts || aborted !== undefined || stopped !== undefined || input.signal.aborted) {
        counts.deferred++;
        addReason(`${maskReason(error)} (temporary, retried ${attempt}×; a re-run retries)`);
        return;
      }
      const delay = Math.min(input.retry.maxDelayMs, input.retry.baseDelayMs * 2 ** (attempt - 1));
      await sleep(delay * (0.8 + Math.random() * 0.4), input.signal);
    }
  }

  const running = new Set<Promise<void>>();
  for await (const { recipient, id } of input.recipients) {
    if (input.signal.aborted) {
      aborted ??= 'interrupted';
      break;
    }
    if (aborted !== undefined || stopped !== undefined) break;
    if (input.done.has(id)) {
      counts.alreadyDone++;
      input.onSettled?.(counts);
      continue;
    }
    while (inFlight >= input.concurrency) await new Promise<void>((resolve) => waiters.push(resolve));
    if (aborted !== undefined || stopped !== undefined) break;
    inFlight++;
    const task: Promise<void> = deliver(recipient, id)
      .catch((error: unknown) => {
        if (isPublishError(error)) {
          stopped ??= error;
          halt.abort(error);
        } else aborted ??= `internal error: ${(error as Error).message}`;
      })
      .finally(() => {
        running.delete(task);
        release();
        input.onSettled?.(counts);
      });
    running.add(task);
  }
  await Promise.all(running);
  if (stopped) throw stopped;
  return { counts, reasons, aborted };
}
