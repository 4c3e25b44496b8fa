// Progress for long work: a redrawn bar with rate and ETA on a terminal, a
// plain line every few seconds elsewhere (CI logs must stay readable).
import type { Progress } from './channel.js';
import type { Writable } from './log.js';

const LINE_INTERVAL_MS = 5_000;
const BAR_INTERVAL_MS = 100;
const BAR_WIDTH = 24;

export function createProgress(stream: Writable, label: string, clock: () => number = Date.now): Progress {
  const started = clock();
  let last = 0;
  const tty = Boolean(stream.isTTY);
  return {
    update(done, total, detail) {
      const now = clock();
      if (now - last < (tty ? BAR_INTERVAL_MS : LINE_INTERVAL_MS) && done < total) return;
      last = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = done / seconds;
      const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const stats = `${done}/${total} ${pct}% ${rate.toFixed(1)}/s eta ${eta}s${detail ? ` ${detail}` : ''}`;
      if (tty) {
        const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${stats}\x1b[K`);
      } else {
        stream.write(`${label}: ${stats}\n`);
      }
    },
    done(summary) {
      if (tty) stream.write('\r\x1b[K');
      if (summary) stream.write(`${label}: ${summary}\n`);
    },
  };
}
