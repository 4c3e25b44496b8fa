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
  test('two workers: 600 recipients, each once; duplicates and suppressions counted across shards; a re-run sends nothing', async () => {
    const mod = (await import(pathToFileURL(compiled).href)) as { createEmailChannel: () => Channel<unknown, unknown, { sent: number; sentThisRun: number }> };
    smtp = await startSmtp({ rcpt: (address, attempt) => (address === 'r7@example.org' && attempt === 1 ? 421 : undefined) }, { keepRaw: false });
    const dir = tempDir();
    const file = path.join(dir, 'list.csv');
    const addresses = Array.from({ length: 600 }, (_, i) => `r${i}@example.org`);
    // Each shard dedupes only its own recipients (memory), so duplicates and
    // suppressions that fall in either shard must still be caught and counted once.
    const duplicates = ['r5@example.org', 'r100@example.org', 'r201@example.org', 'r350@example.org', 'r599@example.org', 'r42@example.org'];
    const suppressedList = ['r10@example.org', 'r11@example.org', 'r12@example.org', 'r13@example.org', 'r14@example.org', 'r15@example.org'];
    writeFileSync(file, ['email', ...addresses, ...duplicates, 'broken', 'also broken'].join('\n'));
    const suppression = path.join(dir, 'suppressed.csv');
    writeFileSync(suppression, ['email', ...suppressedList].join('\n'));
    const env = { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: 'worker-test-secret-0123456789', SUBSCRIBERS_FILE: file };
    const { ctx, captured } = makeContext({ env, raw: { workers: 2, maxConnections: 4, suppression }, stateDir: path.join(dir, 'state') });
    const channel = mod.createEmailChannel();
    const { payload } = await channel.render(bundledIssue(), ctx as never);
    const receipt = await channel.publish(payload, ctx as never);
    expect(receipt).toMatchObject({ sent: 594, sentThisRun: 594, skipped: { malformed: 2, duplicates: 6, suppressed: 6 } });
    const expected = addresses.filter((a) => !suppressedList.includes(a));
    expect(expected.filter((a) => smtp!.counts.get(a) !== 1)).toEqual([]);
    expect(suppressedList.filter((a) => smtp!.counts.has(a))).toEqual([]);
    expect(smtp.connections).toBeGreaterThanOrEqual(2);
    // List problems are reported once, not once per worker: each duplicate by its own shard, malformed rows by one.
    const errText = captured.err.join('');
    expect(errText.match(/duplicate address/g)).toHaveLength(6);
    for (let i = 0; i < duplicates.length; i++) expect(errText).toContain(`line ${602 + i}: duplicate address`);
    expect(errText.match(/line 60[89]: /g)).toHaveLength(2);
    expect(captured.progress.at(-1)?.[1]).toBe(594);
    const journalDir = path.join(dir, 'state', 'email');
    const [check, ...lines] = readFileSync(path.join(journalDir, readdirSync(journalDir)[0]), 'utf8').split('\n').filter((l) => l.trim());
    expect(Object.keys(JSON.parse(check) as object)).toEqual(['check']);
    expect(lines).toHaveLength(594);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ s: 'sent' });
    const again = await channel.publish(payload, ctx as never);
    expect(again).toMatchObject({ sent: 594, sentThisRun: 0 });
    expect(smtp.received).toHaveLength(594);
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

  test('a long list is counted for the plan in a worker: the same counts as the send', async () => {
    const mod = (await import(pathToFileURL(compiled).href)) as { createEmailChannel: () => Channel<unknown, unknown, unknown> };
    const dir = tempDir();
    const file = path.join(dir, 'list.csv');
    // ~450 KB: over the size counted in the main thread.
    const rows = Array.from({ length: 12_000 }, (_, i) => `reader-number-${i}@subscribers.example.org,Reader Number ${i}`);
    writeFileSync(file, ['email,name', ...rows, 'reader-number-7@subscribers.example.org,Again', 'not an address,Broken', 'READER-NUMBER-8@SUBSCRIBERS.EXAMPLE.ORG,Shouting'].join('\n'));
    const suppression = path.join(dir, 'suppressed.csv');
    writeFileSync(suppression, 'email\nreader-number-1@subscribers.example.org\nreader-number-2@subscribers.example.org\n');
    const env = { SMTP_URL: 'smtp://127.0.0.1:9', UNSUBSCRIBE_SECRET: 'worker-test-secret-0123456789', SUBSCRIBERS_FILE: file };
    const { ctx } = makeContext({ env, raw: { workers: 2, maxConnections: 2, suppression }, stateDir: path.join(dir, 'state') });
    const result = await mod.createEmailChannel().render(bundledIssue(), ctx as never);
    const recipientsLine = (result.plan ?? []).find((line) => line.startsWith('recipients:'));
    expect(recipientsLine).toMatch(/^recipients: 11998 \(of 12003 listed; skipped 1 malformed, 2 duplicate, 2 suppressed\)/);
  }, 60_000);
});
