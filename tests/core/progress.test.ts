import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/progress.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (chunk: string) => writes.push(chunk) };
}

describe('progress', () => {
  it('draws one redrawn bar with rate and ETA on a terminal', () => {
    const out = stream(true);
    let now = 0;
    const progress = createProgress(out, 'email', () => now);
    now = 1000;
    progress.update(250, 1000);
    now = 2000;
    progress.update(500, 1000);
    progress.done('sent 1000');
    expect(out.writes[0]).toMatch(/^\remail \[######-+\] 250\/1000 25% 250\.0\/s eta 3s/);
    expect(out.writes[1]).toMatch(/500\/1000 50% 250\.0\/s eta 2s/);
    expect(out.writes.at(-1)).toBe('email: sent 1000\n');
  });

  it('prints a plain line at most every few seconds in CI logs, and always the last one', () => {
    const out = stream(false);
    let now = 0;
    const progress = createProgress(out, 'email', () => now);
    for (let i = 1; i <= 100; i++) {
      now = i * 100; // 10 s in all
      progress.update(i, 100);
    }
    expect(out.writes.every((w) => !w.includes('\r') && w.endsWith('\n'))).toBe(true);
    expect(out.writes.length).toBeLessThanOrEqual(3);
    expect(out.writes.at(-1)).toContain('100/100 100%');
  });
});
