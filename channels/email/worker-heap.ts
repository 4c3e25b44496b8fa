// Heap limits and script paths for the email channel's worker threads (the
// send shards and the plan's list count).
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';

/**
 * V8 heap cap per worker. A low cap keeps garbage from piling up (flat RSS),
 * but a worker holds the dedupe set of its share of the list and the journal
 * (~20 MB live at 100,000 recipients in all), so the cap grows with the
 * worker's share of the list: a fixed 48 MB ran out of memory at 400,000.
 */
const WORKER_HEAP_BASE_MB = 48;
const WORKER_HEAP_MB_PER_LIST_MB = 10;

export function workerHeapMb(listBytes: number, shards = 1): number {
  return WORKER_HEAP_BASE_MB + Math.ceil((listBytes / 1_048_576 / Math.max(1, shards)) * WORKER_HEAP_MB_PER_LIST_MB);
}

export function listBytes(file: string | undefined): number {
  try {
    return file ? statSync(file).size : 0;
  } catch {
    return 0;
  }
}

/** Limits for a worker that reads `list`, split over `shards` workers. */
export function workerLimits(list: string | undefined, shards = 1): { resourceLimits: ResourceLimits } {
  return { resourceLimits: { maxOldGenerationSizeMb: workerHeapMb(listBytes(list), shards), maxYoungGenerationSizeMb: 8 } };
}

/** The compiled worker `name` next to the module at `moduleUrl`, or undefined when running from TypeScript sources (tests). */
export function compiledWorker(moduleUrl: string, name: string): string | undefined {
  const here = fileURLToPath(moduleUrl);
  return here.endsWith('.js') ? path.join(path.dirname(here), name) : undefined;
}
