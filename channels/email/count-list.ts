// Counting a subscriber list (valid, malformed, duplicate, suppressed) for
// the plan: in this thread for a short list, in a worker with a capped heap
// for a long one (count-worker.ts says why).
import { Worker } from 'node:worker_threads';
import { emptyStats, readSuppression, recipients, type ListStats } from './subscribers.js';
import { compiledWorker, listBytes, workerLimits } from './worker-heap.js';

/** The list's statistics, and its readers per language ('' = none given) for a translation set's plan. */
export interface ListCount extends ListStats {
  readonly languages: ReadonlyArray<readonly [string, number]>;
}

export interface ListFiles {
  readonly subscribers?: string;
  readonly suppression?: string;
}

/** Lists up to this size (~5,000 rows) are counted in this thread: a worker costs more than it saves. */
const IN_THREAD_MAX_BYTES = 256 * 1024;

export async function countListInThread(files: ListFiles): Promise<ListCount> {
  const ignore = (): void => undefined;
  const suppressed = await readSuppression(files.suppression, ignore);
  const stats = emptyStats();
  const languages = new Map<string, number>();
  if (files.subscribers !== undefined) {
    for await (const recipient of recipients(files.subscribers, suppressed, stats, ignore)) {
      const language = recipient.language ?? '';
      languages.set(language, (languages.get(language) ?? 0) + 1);
    }
  }
  return { ...stats, languages: [...languages] };
}

export async function countList(files: ListFiles): Promise<ListCount> {
  const script = compiledWorker(import.meta.url, 'count-worker.js');
  if (!script || listBytes(files.subscribers) + listBytes(files.suppression) <= IN_THREAD_MAX_BYTES) return countListInThread(files);
  const job: ListFiles = { subscribers: files.subscribers, suppression: files.suppression };
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: job, ...workerLimits(files.subscribers) });
    let settled = false;
    worker.once('message', (message: { stats?: ListCount; error?: string }) => {
      settled = true;
      if (message.stats) resolve(message.stats);
      else reject(new Error(message.error ?? 'the list count failed'));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`email list count worker exited with code ${code}`));
    });
  });
}
