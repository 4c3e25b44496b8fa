// Worker-thread entry that counts a subscriber list for the send plan (see
// plan.ts). Reading 100,000 rows makes ~100 MB of short-lived strings; in the
// main thread V8 grows its young generation and old space for them and keeps
// the pages, so the later send's peak RSS would grow with the list. This
// worker does the same reading under a capped heap, and its memory goes back
// when it exits.
import { parentPort, workerData } from 'node:worker_threads';
import { countListInThread, type ListFiles } from './count-list.js';

const port = parentPort;
if (port) {
  countListInThread(workerData as ListFiles).then(
    (stats) => port.postMessage({ stats }),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
}
