// A live send reads the subscriber list once (no separate counting pass) and
// computes each recipient's journal id (an HMAC) once.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { createEmailChannel, type EmailPayload } from '../../../channels/email/index.js';
import * as tokens from '../../../channels/email/tokens.js';
import { bundledIssue, makeContext, tempDir } from './helpers.js';
import { startSmtp, type SmtpHarness } from './smtp-harness.js';

vi.mock('../../../channels/email/tokens.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../channels/email/tokens.js')>();
  return { ...original, recipientId: vi.fn(original.recipientId) };
});

let smtp: SmtpHarness | undefined;
afterAll(async () => smtp?.close());

describe.skipIf(process.platform === 'win32')('one pass over the list', () => {
  test('the list is a FIFO (readable once): the send still reaches everyone; one HMAC per recipient', async () => {
    smtp = await startSmtp({}, { keepRaw: false });
    const dir = tempDir();
    const fifo = path.join(dir, 'subscribers.csv');
    execFileSync('mkfifo', [fifo]);
    const addresses = Array.from({ length: 25 }, (_, i) => `once${i}@example.org`);
    // The writer finishes when one reader has taken the whole list; a second
    // reader (a counting pass before the send) would wait forever.
    const writing = writeFile(fifo, ['email', ...addresses].join('\n') + '\n');
    const env = { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: 'read-once-secret-0123456789', SUBSCRIBERS_FILE: fifo };
    const { ctx, captured } = makeContext({ env, raw: { maxConnections: 2 }, stateDir: path.join(dir, 'state') });
    const channel = createEmailChannel({ retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20, circuitBreaker: 50 } });
    // Rendered without the list (the dry-run plan counts it; that is not the send).
    const { payload } = await channel.render(bundledIssue(), { ...ctx, options: { ...ctx.options, subscribers: undefined } });
    vi.mocked(tokens.recipientId).mockClear();
    const receipt = await channel.publish(payload as EmailPayload, ctx);
    await writing;
    expect(receipt).toMatchObject({ sent: 25, sentThisRun: 25 });
    expect(addresses.filter((a) => smtp!.counts.get(a) !== 1)).toEqual([]);
    expect(vi.mocked(tokens.recipientId)).toHaveBeenCalledTimes(25);
    // Progress ends at the exact total though nothing counted the list first.
    expect(captured.progress.at(-1)).toEqual([25, 25]);
    for (const [done, total] of captured.progress) expect(done).toBeLessThanOrEqual(total);
  }, 15_000);
});
