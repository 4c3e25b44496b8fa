// The compiled channel (dist/) sends through worker threads, one shard per
// worker: every recipient exactly once across shards, the journal shared,
// a re-run sends nothing. Needs `npx tsc -p .` (npm test does it first).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { Channel } from '../../../src/channel.js';
import { bundledIssue, makeContext, repoRoot, tempDir } from './helpers.js';
import { startSmtp, type SmtpHarness } from './smtp-harness.js';

const compiled = path.join(repoRoot, 'dist/channels/email/index.js');
const hasDist = existsSync(compiled) && existsSync(path.join(repoRoot, 'dist/channels/email/send-worker.js'));
if (!hasDist) console.warn('email worker tests skipped: run `npx tsc -p .` first (dist/channels/email/send-worker.js is absent)');

let smtp: SmtpHarness | undefined;
afterAll(async () => smtp?.close());

describe.skipIf(!hasDist)('sending through worker threads (compiled build)', () => {
  test('two workers: 600 recipients, each once; journal holds 600 lines; a re-run sends nothing', async () => {
    const mod = (await import(pathToFileURL(compiled).href)) as { createEmailChannel: () => Channel<unknown, unknown, { sent: number; sentThisRun: number }> };
    smtp = await startSmtp({ rcpt: (address, attempt) => (address === 'r7@example.org' && attempt === 1 ? 421 : undefined) }, { keepRaw: false });
    const dir = tempDir();
    const file = path.join(dir, 'list.csv');
    const addresses = Array.from({ length: 600 }, (_, i) => `r${i}@example.org`);
    writeFileSync(file, ['email', ...addresses, 'r5@example.org', 'broken'].join('\n'));
    const env = { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: 'worker-test-secret-0123456789', SUBSCRIBERS_FILE: file };
    const { ctx, captured } = makeContext({ env, raw: { workers: 2, maxConnections: 4 }, stateDir: path.join(dir, 'state') });
    const channel = mod.createEmailChannel();
    const { payload } = await channel.render(bundledIssue(), ctx as never);
    const receipt = await channel.publish(payload, ctx as never);
    expect(receipt).toMatchObject({ sent: 600, sentThisRun: 600, skipped: { malformed: 1, duplicates: 1, suppressed: 0 } });
    expect(addresses.filter((a) => smtp!.counts.get(a) !== 1)).toEqual([]);
    expect(smtp.connections).toBeGreaterThanOrEqual(2);
    // List problems are reported once, not once per worker.
    expect(captured.err.join('').match(/duplicate address/g)).toHaveLength(1);
    expect(captured.progress.at(-1)?.[1]).toBe(600);
    const journalDir = path.join(dir, 'state', 'email');
    const [check, ...lines] = readFileSync(path.join(journalDir, readdirSync(journalDir)[0]), 'utf8').split('\n').filter((l) => l.trim());
    expect(Object.keys(JSON.parse(check) as object)).toEqual(['check']);
    expect(lines).toHaveLength(600);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ s: 'sent' });
    const again = await channel.publish(payload, ctx as never);
    expect(again).toMatchObject({ sent: 600, sentThisRun: 0 });
    expect(smtp.received).toHaveLength(600);
  }, 60_000);

  test('the workers\' pools together never open more than maxConnections at once (3 over 2 workers)', async () => {
    const mod = (await import(pathToFileURL(compiled).href)) as { createEmailChannel: () => Channel<unknown, unknown, { sent: number }> };
    await smtp?.close();
    smtp = await startSmtp({}, { keepRaw: false });
    const dir = tempDir();
    const file = path.join(dir, 'list.csv');
    const addresses = Array.from({ length: 400 }, (_, i) => `p${i}@example.org`);
    writeFileSync(file, ['email', ...addresses].join('\n'));
    const env = { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: 'worker-test-secret-0123456789', SUBSCRIBERS_FILE: file };
    const { ctx } = makeContext({ env, raw: { workers: 2, maxConnections: 3 }, stateDir: path.join(dir, 'state') });
    const channel = mod.createEmailChannel();
    const { payload } = await channel.render(bundledIssue(), ctx as never);
    const receipt = await channel.publish(payload, ctx as never);
    expect(receipt).toMatchObject({ sent: 400 });
    // Both workers sent (two pools), and together they kept to the limit.
    expect(smtp.connections).toBeGreaterThanOrEqual(2);
    expect(smtp.peak).toBeGreaterThanOrEqual(2);
    expect(smtp.peak).toBeLessThanOrEqual(3);
  }, 60_000);

  test('more workers than connections: capped at one worker per connection', async () => {
    const mod = (await import(pathToFileURL(compiled).href)) as { createEmailChannel: () => Channel<unknown, unknown, { sent: number }> };
    await smtp?.close();
    smtp = await startSmtp({}, { keepRaw: false });
    const dir = tempDir();
    const file = path.join(dir, 'list.csv');
    writeFileSync(file, ['email', ...Array.from({ length: 200 }, (_, i) => `q${i}@example.org`)].join('\n'));
    const env = { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: 'worker-test-secret-0123456789', SUBSCRIBERS_FILE: file };
    const { ctx } = makeContext({ env, raw: { workers: 4, maxConnections: 1 }, stateDir: path.join(dir, 'state') });
    const channel = mod.createEmailChannel();
    const { payload } = await channel.render(bundledIssue(), ctx as never);
    expect(await channel.publish(payload, ctx as never)).toMatchObject({ sent: 200 });
    expect(smtp.peak).toBe(1);
  }, 60_000);
});
