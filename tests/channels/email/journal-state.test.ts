// The send journal as state that can fail or be damaged (issue 10 §3, §5):
// a state folder that fills up mid-send stops the run at once (NP610) and
// never re-sends what the server accepted; a journal that lost lines stops
// the next run (NP611) before anything is sent.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { createEmailChannel, type EmailPayload } from '../../../channels/email/index.js';
import { journalFile, stateWriteError } from '../../../channels/email/journal.js';
import { checkpointFile } from '../../../channels/email/journal-checkpoint.js';
import type { Issue } from '../../../src/model.js';
import { makeContext, rejection, seedIssue, tempDir } from './helpers.js';
import { startSmtp, type SmtpHarness } from './smtp-harness.js';

const SECRET = 'a-long-unsubscribe-secret-for-tests';
const FAST_RETRY = { attempts: 5, baseDelayMs: 10, maxDelayMs: 50, circuitBreaker: 50 };
const POOL = 3;
const issue: Issue | undefined = seedIssue();
if (!issue) console.warn('SKIPPED email journal state tests: no 000_* seed in ../shared/seeds');

let servers: SmtpHarness[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function list(count: number): { file: string; addresses: string[] } {
  const addresses = Array.from({ length: count }, (_, i) => `reader${i}@example.org`);
  const file = path.join(tempDir(), 'subscribers.csv');
  writeFileSync(file, ['email', ...addresses].join('\n') + '\n');
  return { file, addresses };
}

async function sender(smtp: SmtpHarness, subscribers: string, stateDir: string) {
  const { ctx } = makeContext({ env: { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: SECRET, SUBSCRIBERS_FILE: subscribers }, raw: { maxConnections: POOL }, stateDir });
  const channel = createEmailChannel({ retry: FAST_RETRY });
  const { payload } = await channel.render(issue!, ctx);
  return { send: () => channel.publish(payload as EmailPayload, ctx), payload: payload as EmailPayload };
}

const repeats = (smtp: SmtpHarness): number => [...smtp.counts.values()].reduce((sum, n) => sum + n - 1, 0);

// A 16 KB tmpfs as the state folder: it fills after a few hundred journal lines.
const mountPoint = tempDir('np-email-tmpfs-');
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mountPoint], { encoding: 'utf8' });
const canMount = mounted.status === 0;
if (!canMount) console.warn(`SKIPPED the full-disk email test: cannot mount a tmpfs (${(mounted.stderr || mounted.error?.message || '').trim()}); run as root`);
afterAll(() => {
  if (canMount) spawnSync('umount', [mountPoint]);
});

describe.skipIf(!issue)('email journal as state', () => {
  test.skipIf(!canMount)('the state disk fills mid-send: NP610 naming the journal and the cause, no message sent twice; after moving the state, every reader exactly once', async () => {
    const smtp = await startSmtp({}, { keepRaw: false });
    servers.push(smtp);
    const { file, addresses } = list(1000);
    const first = await sender(smtp, file, mountPoint);
    const error = await rejection(first.send());
    const journal = journalFile(mountPoint, first.payload.issueId);
    expect(error.code).toBe('NP610');
    expect(error.message).toContain(journal);
    expect(error.message).toContain('the disk is full (ENOSPC)');
    expect(error.details.join('\n')).toContain('run the same command again');
    // Stopped at once, and no accepted message was retried as if SMTP had failed.
    expect(smtp.received.length).toBeGreaterThan(0);
    expect(smtp.received.length).toBeLessThan(addresses.length);
    expect(Math.max(...smtp.counts.values())).toBe(1);

    const moved = path.join(tempDir(), 'state');
    cpSync(mountPoint, moved, { recursive: true });
    const second = await sender(smtp, file, moved);
    const receipt = await second.send();
    expect(addresses.filter((a) => !smtp.counts.has(a))).toEqual([]);
    expect(repeats(smtp)).toBeLessThanOrEqual(POOL);
    expect(receipt.sent).toBe(addresses.length);
    console.log(`full-disk test: first run stopped after ${smtp.received.length - receipt.sentThisRun} messages; ${repeats(smtp)} repeated after the re-run`);
  }, 120_000);

  test('a journal that lost its last 50 lines stops the next run with NP611: 0 messages; the restored journal resumes', async () => {
    const smtp = await startSmtp({}, { keepRaw: false });
    servers.push(smtp);
    const { file, addresses } = list(300);
    const state = path.join(tempDir(), 'state');
    const run = await sender(smtp, file, state);
    const receipt = await run.send();
    expect(receipt.journalLines).toBe(addresses.length);
    const journal = journalFile(state, run.payload.issueId);
    expect(JSON.parse(readFileSync(checkpointFile(journal), 'utf8'))).toEqual({ lines: addresses.length });

    const full = readFileSync(journal, 'utf8');
    const lines = full.split('\n').filter((l) => l.trim() !== '');
    writeFileSync(journal, lines.slice(0, -50).join('\n') + '\n');
    const before = smtp.received.length;
    const connections = smtp.connections;
    const error = await rejection(run.send());
    expect(error.code).toBe('NP611');
    expect(error.message).toContain('lost 50');
    expect(error.details.join('\n')).toMatch(/restore the complete journal/);
    expect(smtp.received.length).toBe(before);
    expect(smtp.connections).toBe(connections);

    // The journal gone altogether (a fresh checkout that kept only the checkpoint): the same stop.
    rmSync(journal);
    expect((await rejection(run.send())).code).toBe('NP611');
    expect(smtp.received.length).toBe(before);

    writeFileSync(journal, full);
    const resumed = await run.send();
    expect(resumed.sentThisRun).toBe(0);
    expect(repeats(smtp)).toBe(0);
  }, 120_000);

  test.each([
    ['EROFS', 'the file system is read-only (EROFS)'],
    ['EACCES', 'permission denied (EACCES)'],
    ['ENOSPC', 'the disk is full (ENOSPC)'],
  ])('a %s write failure reads as a permanent NP610 naming the file and the cause', (code, cause) => {
    const error = stateWriteError('/state/email/x.jsonl', Object.assign(new Error(`${code}: failed`), { code }));
    expect(error.code).toBe('NP610');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`email: the send journal cannot be written: /state/email/x.jsonl: ${cause}; the send stopped`);
  });
});
