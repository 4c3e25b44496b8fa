// Worker-thread entry for one shard of a send (see shard.ts). Each worker
// has its own SMTP pool and a capped V8 heap, so a 100,000-recipient send
// uses both cores and its memory stays flat.
import { parentPort, workerData } from 'node:worker_threads';
import { isPublishError, type ErrorCode } from '../../src/errors.js';
import { runShard, type ShardJob } from './shard.js';
import { createNodemailerTransport } from './transport.js';

export type WorkerMessage =
  /** journaled: lines this shard has written to the journal in this run. */
  | { readonly type: 'progress'; readonly settled: number; readonly seen: number; readonly journaled: number }
  | { readonly type: 'problem'; readonly position: number; readonly reason: string }
  | { readonly type: 'done'; readonly result: Awaited<ReturnType<typeof runShard>> }
  /** code and details carry a PublishError (e.g. NP610) across the thread boundary. */
  | { readonly type: 'error'; readonly message: string; readonly code?: ErrorCode; readonly details?: readonly string[] };

const port = parentPort;
if (port) {
  const job = workerData as ShardJob;
  const controller = new AbortController();
  port.on('message', (message: unknown) => {
    if (message === 'abort') controller.abort();
  });
  let last = 0;
  const post = (message: WorkerMessage): void => port.postMessage(message);
  runShard(job, {
    createTransport: createNodemailerTransport,
    signal: controller.signal,
    onProblem: (position, reason) => post({ type: 'problem', position, reason }),
    onSettled: (counts, seen) => {
      const settled = counts.sent + counts.failed + counts.deferred + counts.alreadyDone;
      // Progress at most every 50 messages: postMessage per message would cost more than SMTP.
      if (settled - last >= 50) {
        last = settled;
        post({ type: 'progress', settled, seen, journaled: counts.sent + counts.failed });
      }
    },
  }).then(
    (result) => post({ type: 'done', result }),
    (error: unknown) => post(isPublishError(error)
      ? { type: 'error', message: error.message, code: error.code, details: error.details }
      : { type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
}
