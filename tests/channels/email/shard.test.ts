// Splitting one send over shards (worker threads): the shards' pools
// together keep exactly to maxConnections and rateLimit.
import { describe, expect, test } from 'vitest';
import { runShards } from '../../../channels/email/publish.js';
import { share, shardLimit, shardPool } from '../../../channels/email/shard.js';

function pools(maxConnections: number, rateLimit: number, requested: number): Array<{ maxConnections: number; rateLimit: number }> {
  const shards = shardLimit(requested, { maxConnections, rateLimit });
  return Array.from({ length: shards }, (_, shard) => shardPool({ maxConnections, rateLimit }, shard, shards));
}

describe('shard pools', () => {
  test('share: whole parts that sum to the total and differ by at most one', () => {
    for (let total = 0; total <= 20; total++) {
      for (let parts = 1; parts <= 6; parts++) {
        const shares = Array.from({ length: parts }, (_, i) => share(total, parts, i));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }
    }
  });

  test('3 connections over 2 workers: 2 + 1, not 2 + 2', () => {
    expect(pools(3, 0, 2)).toEqual([{ maxConnections: 2, rateLimit: 0 }, { maxConnections: 1, rateLimit: 0 }]);
  });

  test('never more shards than connections', () => {
    expect(shardLimit(4, { maxConnections: 1, rateLimit: 0 })).toBe(1);
    expect(shardLimit(16, { maxConnections: 5, rateLimit: 0 })).toBe(5);
  });

  test('rateLimit is split exactly (no floor of 1 per shard); below the shard count, fewer shards', () => {
    expect(pools(4, 5, 2)).toEqual([{ maxConnections: 2, rateLimit: 3 }, { maxConnections: 2, rateLimit: 2 }]);
    expect(pools(4, 1, 2)).toEqual([{ maxConnections: 4, rateLimit: 1 }]);
    expect(pools(5, 3, 4).map((p) => p.rateLimit)).toEqual([1, 1, 1]);
  });

  test('every combination keeps both limits', () => {
    for (let maxConnections = 1; maxConnections <= 12; maxConnections++) {
      for (const rateLimit of [0, 1, 2, 3, 7, 10]) {
        for (let requested = 1; requested <= 8; requested++) {
          const all = pools(maxConnections, rateLimit, requested);
          expect(all.reduce((a, p) => a + p.maxConnections, 0)).toBe(maxConnections);
          if (rateLimit > 0) expect(all.reduce((a, p) => a + p.rateLimit, 0)).toBe(rateLimit);
          for (const p of all) {
            expect(p.maxConnections).toBeGreaterThanOrEqual(1);
            if (rateLimit > 0) expect(p.rateLimit).toBeGreaterThanOrEqual(1);
          }
        }
      }
    }
  });
});

describe('running shards together', () => {
  test('the first failing shard aborts the others; all settle before the error is thrown', async () => {
    const events: string[] = [];
    const error = await runShards(3, new AbortController().signal, (index, signal) => {
      if (index === 1) return Promise.reject(new Error('worker 1 crashed'));
      // The others run until told to stop, then finish cleanly (journal closed).
      return new Promise<string>((resolve) => {
        signal.addEventListener('abort', () => setTimeout(() => {
          events.push(`shard ${index} stopped`);
          resolve(`shard ${index}`);
        }, 10), { once: true });
      });
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('worker 1 crashed');
    expect(events.sort()).toEqual(['shard 0 stopped', 'shard 2 stopped']);
  });

  test('all shards succeeding: results in shard order; Ctrl-C (parent abort) reaches every shard', async () => {
    expect(await runShards(2, new AbortController().signal, async (index) => index * 10)).toEqual([0, 10]);
    const parent = new AbortController();
    const seen: boolean[] = [];
    const done = runShards(2, parent.signal, (index, signal) => new Promise<number>((resolve) => {
      signal.addEventListener('abort', () => {
        seen.push(true);
        resolve(index);
      }, { once: true });
    }));
    parent.abort();
    expect(await done).toEqual([0, 1]);
    expect(seen).toHaveLength(2);
  });
});
