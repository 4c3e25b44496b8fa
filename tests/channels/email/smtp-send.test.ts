// publish() against a real SMTP server on 127.0.0.1: MIME shape, headers,
// one message per recipient, retries, permanent failures, dropped connections.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createEmailChannel, sendTest, type EmailPayload } from '../../../channels/email/index.js';
import { unsubscribeToken } from '../../../src/unsubscribe-token.js';
import { isPublishError } from '../../../src/errors.js';
import type { Issue } from '../../../src/model.js';
import { bundledIssue, makeContext, tempDir } from './helpers.js';
import { startSmtp, type SmtpHarness } from './smtp-harness.js';

const SECRET = 'a-long-unsubscribe-secret-for-tests';
const FAST_RETRY = { attempts: 5, baseDelayMs: 10, maxDelayMs: 50, circuitBreaker: 50 };
let issue: Issue;
let servers: SmtpHarness[] = [];

beforeAll(() => {
  issue = bundledIssue();
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(...args: Parameters<typeof startSmtp>): Promise<SmtpHarness> {
  const s = await startSmtp(...args);
  servers.push(s);
  return s;
}

function subscribers(dir: string, lines: string[]): string {
  const file = path.join(dir, 'subscribers.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function setup(smtp: SmtpHarness, addresses: string[], raw: Record<string, unknown> = {}, extraEnv: Record<string, string> = {}) {
  const dir = tempDir();
  const file = subscribers(dir, ['email,name', ...addresses]);
  const env = { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: SECRET, SUBSCRIBERS_FILE: file, ...extraEnv };
  const made = makeContext({ env, raw: { unsubscribeMailto: 'leave@xmpp.org', listId: '<newsletter.xmpp.org>', maxConnections: 3, ...raw }, stateDir: path.join(dir, 'state') });
  const channel = createEmailChannel({ retry: FAST_RETRY, now: () => new Date('2026-01-02T03:04:05Z') });
  const rendered = await channel.render(issue, made.ctx);
  return { ...made, channel, payload: rendered.payload as EmailPayload, dir };
}

function headerLines(raw: Buffer, name: string): string[] {
  const head = raw.toString('utf8').split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  return head.split('\r\n').filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
}

describe('email publish over SMTP', () => {
  test('one multipart/alternative message per recipient with the list headers', async () => {
    const smtp = await server();
    const addresses = ['ada@example.org', 'bob@example.net', 'carol@example.com'];
    const { ctx, channel, payload } = await setup(smtp, ['ada@example.org,Ada Lovelace', 'bob@example.net,', 'carol@example.com,"Carol, C."']);
    const receipt = await channel.publish(payload, ctx);
    expect(receipt).toMatchObject({ sent: 3, failed: 0, failures: [] });
    expect(smtp.received).toHaveLength(3);
    expect([...smtp.counts.keys()].sort()).toEqual([...addresses].sort());
    const ids = new Set<string>();
    for (const message of smtp.received) {
      // never BCC: exactly one envelope recipient, and it is the To: address
      expect(message.envelopeTo).toHaveLength(1);
      expect(message.envelopeFrom).toBe('newsletter@xmpp.org');
      const mail = await simpleParser(message.raw);
      const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
      expect(to?.value.map((v) => v.address)).toEqual(message.envelopeTo);
      expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
      const body = message.raw.toString('utf8');
      expect(body.indexOf('Content-Type: text/plain')).toBeLessThan(body.indexOf('Content-Type: text/html'));
      expect(mail.text).toContain('The XMPP Newsletter October 2020');
      expect(mail.html).toContain('<meta name="color-scheme" content="light dark">');
      expect(mail.messageId).toMatch(/^<[0-9a-f]{16}\.[A-Za-z0-9_-]{22}@xmpp\.org>$/);
      ids.add(mail.messageId ?? '');
      expect(mail.date?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
      expect(headerLines(message.raw, 'List-Id')).toEqual(['List-Id: <newsletter.xmpp.org>']);
      expect(headerLines(message.raw, 'Auto-Submitted')).toEqual(['Auto-Submitted: auto-generated']);
      expect(headerLines(message.raw, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click']);
      const unsubscribe = headerLines(message.raw, 'List-Unsubscribe');
      expect(unsubscribe).toHaveLength(1);
      const address = message.envelopeTo[0];
      const url = `https://xmpp.org/unsubscribe?email=${encodeURIComponent(address)}&token=${unsubscribeToken(SECRET, address)}`;
      expect(unsubscribe[0]).toBe(`List-Unsubscribe: <${url}>, <mailto:leave@xmpp.org?subject=unsubscribe>`);
      // The same personal URL is in both parts, decoded intact from quoted-printable.
      expect(mail.text).toContain(`Unsubscribe: ${url}`);
      expect(mail.html).toContain(`href="${url.replace(/&/g, '&amp;')}"`);
      expect(mail.html).not.toContain('%%np-');
      expect(mail.text).not.toContain('%%np-');
    }
    expect(ids.size).toBe(3);
    const named = await simpleParser(smtp.received.find((m) => m.envelopeTo[0] === 'carol@example.com')!.raw);
    expect((Array.isArray(named.to) ? named.to[0] : named.to)?.value[0].name).toBe('Carol, C.');
  });

  test('a second run of the same command sends nothing more', async () => {
    const smtp = await server();
    const { ctx, channel, payload } = await setup(smtp, ['a@example.org', 'b@example.org']);
    await channel.publish(payload, ctx);
    const again = await channel.publish(payload, ctx);
    expect(again).toMatchObject({ sent: 2, sentThisRun: 0 });
    expect(smtp.received).toHaveLength(2);
  });

  test('450 then accepted is delivered once; 550 is reported and the others still go out', async () => {
    const smtp = await server({
      rcpt: (address, attempt) => (address === 'grey@example.org' && attempt === 1 ? 450 : address === 'gone@example.org' ? 550 : undefined),
    });
    const { ctx, channel, payload, captured, dir } = await setup(smtp, ['a@example.org', 'grey@example.org', 'gone@example.org', 'b@example.org']);
    const receipt = await channel.publish(payload, ctx);
    expect(smtp.counts.get('grey@example.org')).toBe(1);
    expect(smtp.rcptAttempts.get('grey@example.org')).toBe(2);
    expect(smtp.counts.has('gone@example.org')).toBe(false);
    expect(smtp.counts.get('a@example.org')).toBe(1);
    expect(smtp.counts.get('b@example.org')).toBe(1);
    expect(receipt.sent).toBe(3);
    expect(receipt.failed).toBe(1);
    expect(receipt.failures).toHaveLength(1);
    expect(receipt.failures[0].reason).toMatch(/^550 /);
    // No address in the receipt (it goes to the ledger, the ledger to git) nor in the journal.
    expect(JSON.stringify(receipt)).not.toContain('@example.org');
    const journalDir = path.join(dir, 'state', 'email');
    const journal = readFileSync(path.join(journalDir, readdirSync(journalDir)[0]), 'utf8');
    expect(journal).not.toContain('@');
    expect(journal.match(/"s":"sent"/g)).toHaveLength(3);
    expect(journal.match(/"s":"failed","c":550/g)).toHaveLength(1);
    // The counts are the lifecycle's one outcome line (from this receipt); the channel adds the reasons.
    expect(captured.out.join('')).toMatch(/1 × 550 /);
    expect(captured.out.join('')).not.toMatch(/sent 3/);
    // A re-run does not knock on the 550 door again.
    await channel.publish(payload, ctx);
    expect(smtp.rcptAttempts.get('gone@example.org')).toBe(1);
  });

  test('a connection dropped mid-run is recovered and nobody is lost', async () => {
    const smtp = await server({ dropData: (n) => n === 4 || n === 9 });
    const addresses = Array.from({ length: 20 }, (_, i) => `user${i}@example.org`);
    const { ctx, channel, payload } = await setup(smtp, addresses);
    const receipt = await channel.publish(payload, ctx);
    expect(receipt.sent).toBe(20);
    for (const address of addresses) expect(smtp.counts.get(address)).toBe(1);
    expect(smtp.connections).toBeGreaterThan(1);
  });

  test('retries that never succeed leave the recipient for the next run, which delivers it', async () => {
    let down = true;
    const smtp = await server({ rcpt: (address) => (address === 'later@example.org' && down ? 451 : undefined) });
    const { ctx, channel, payload } = await setup(smtp, ['now@example.org', 'later@example.org']);
    const error = await channel.publish(payload, ctx).catch((e: unknown) => e);
    expect(isPublishError(error) && error.code).toBe('NP500');
    expect(smtp.counts.get('later@example.org')).toBeUndefined();
    down = false;
    const receipt = await channel.publish(payload, ctx);
    expect(receipt).toMatchObject({ sent: 2, sentThisRun: 1 });
    expect(smtp.counts.get('now@example.org')).toBe(1);
    expect(smtp.counts.get('later@example.org')).toBe(1);
  });

  test('resuming with another UNSUBSCRIBE_SECRET stops with NP400 and sends nothing; the right secret resumes', async () => {
    let down = true;
    const smtp = await server({ rcpt: (address) => (address === 'later@example.org' && down ? 451 : undefined) });
    const { ctx, channel, payload, dir } = await setup(smtp, ['now@example.org', 'later@example.org', 'also@example.org']);
    const first = await channel.publish(payload, ctx).catch((e: unknown) => e);
    expect(isPublishError(first) && first.code).toBe('NP500');
    expect(smtp.received).toHaveLength(2);
    down = false;
    const rotated = { ...ctx, options: { ...ctx.options, unsubscribeSecret: 'a-rotated-secret-that-matches-no-journal-id' } };
    const error = await channel.publish(payload, rotated).catch((e: unknown) => e);
    expect(isPublishError(error) && error.code).toBe('NP400');
    expect(String((error as Error).message)).toMatch(/journal was written with a different UNSUBSCRIBE_SECRET/);
    expect(isPublishError(error) && error.details.join('\n')).toMatch(/restore the secret/);
    // Nothing sent: not even the one recipient the journal lacks.
    expect(smtp.received).toHaveLength(2);
    // The journal's first line is the check value, not a recipient.
    const journalDir = path.join(dir, 'state', 'email');
    const firstLine = readFileSync(path.join(journalDir, readdirSync(journalDir)[0]), 'utf8').split('\n')[0];
    expect(Object.keys(JSON.parse(firstLine) as object)).toEqual(['check']);
    const receipt = await channel.publish(payload, ctx);
    expect(receipt).toMatchObject({ sent: 3, sentThisRun: 1 });
    for (const address of ['now@example.org', 'later@example.org', 'also@example.org']) expect(smtp.counts.get(address)).toBe(1);
  });

  test('malformed, duplicate and suppressed subscribers are reported and skipped', async () => {
    const smtp = await server();
    const dir = tempDir();
    const suppression = path.join(dir, 'suppressed.txt');
    writeFileSync(suppression, 'left@example.org\n');
    const { ctx, channel, payload, captured } = await setup(
      smtp,
      ['ok@example.org', 'OK@Example.org', 'not-an-address', 'left@example.org', 'x@@example.org', 'evil@example.org>, <victim@example.org', 'ok2@example.org'],
      { suppression },
    );
    const receipt = await channel.publish(payload, ctx);
    expect([...smtp.counts.keys()].sort()).toEqual(['ok2@example.org', 'ok@example.org']);
    expect(receipt.skipped).toEqual({ malformed: 3, duplicates: 1, suppressed: 1 });
    const warnings = captured.err.join('');
    expect(warnings).toMatch(/line 4: .*skipped/);
    expect(warnings).toMatch(/duplicate/);
  });

  test('a JSON list streams, and a display name cannot inject headers', async () => {
    const smtp = await server();
    const dir = tempDir();
    const file = path.join(dir, 'subscribers.json');
    writeFileSync(file, JSON.stringify([
      'plain@example.org',
      { email: 'named@example.org', name: 'Mallory\r\nBcc: victim@example.org' },
      { email: 'named@example.org' },
      { nope: true },
      'Ünïcode@example.org',
      { email: 'idn@bücher.example' },
    ], null, 2));
    const { ctx, channel, payload } = await setup(smtp, [], {}, { SUBSCRIBERS_FILE: file });
    const receipt = await channel.publish(payload, ctx);
    // smtp-server shows the IDN domain decoded; on the wire it is punycode.
    expect([...smtp.counts.keys()].sort()).toEqual(['idn@bücher.example', 'named@example.org', 'plain@example.org']);
    const idn = smtp.received.find((m) => m.envelopeTo[0] === 'idn@bücher.example')!;
    expect(headerLines(idn.raw, 'To')).toEqual(['To: <idn@xn--bcher-kva.example>']);
    expect(receipt.skipped).toEqual({ malformed: 1, duplicates: 1, suppressed: 0 });
    expect(smtp.counts.has('victim@example.org')).toBe(false);
    const named = smtp.received.find((m) => m.envelopeTo[0] === 'named@example.org')!;
    expect(headerLines(named.raw, 'Bcc')).toEqual([]);
    const mail = await simpleParser(named.raw);
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]).toMatchObject({ address: 'named@example.org', name: 'Mallory Bcc: victim@example.org' });
  });

  test('DKIM signs both List-Unsubscribe fields (RFC 8058 §4)', async () => {
    const smtp = await server();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const { ctx, channel, payload } = await setup(smtp, ['a@example.org'], { dkim: { domainName: 'xmpp.org', keySelector: 'news' } }, { DKIM_PRIVATE_KEY: privateKey });
    await channel.publish(payload, ctx);
    const signature = headerLines(smtp.received[0].raw, 'DKIM-Signature')[0];
    expect(signature).toBeDefined();
    const signed = /\bh=([^;]+)/.exec(signature.replace(/\s+/g, ''))![1].toLowerCase().split(':');
    expect(signed).toContain('list-unsubscribe');
    expect(signed).toContain('list-unsubscribe-post');
    expect(signed).toContain('from');
    expect(/\bd=xmpp\.org;/.test(signature.replace(/\s+/g, ''))).toBe(true);
  });

  test('--to sends one [TEST] copy and records nothing', async () => {
    const smtp = await server();
    const { ctx, payload, dir } = await setup(smtp, ['subscriber@example.org']);
    await sendTest(payload, ctx, 'editor@example.org');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].envelopeTo).toEqual(['editor@example.org']);
    const mail = await simpleParser(smtp.received[0].raw);
    expect(mail.subject).toBe('[TEST] The XMPP Newsletter October 2020');
    expect(readdirSync(dir)).not.toContain('state');
  });

  test('the SMTP password never reaches the log or the error', async () => {
    const smtp = await server();
    const { ctx, channel, payload } = await setup(smtp, ['a@example.org']);
    const bad = { ...ctx, options: { ...ctx.options, smtpUrl: 'smtp://user:hunter2-secret@127.0.0.1:1' } };
    const error = await channel.probe!(bad).catch((e: unknown) => e);
    expect(isPublishError(error) && error.code).toBe('NP400');
    expect(JSON.stringify([(error as Error).message, (error as { details: unknown }).details])).not.toContain('hunter2-secret');
    void payload;
  });
});

describe('email progress', () => {
  test('the bar knows the real total from the start: the plan counted the list during render', async () => {
    const smtp = await server();
    const addresses = Array.from({ length: 40 }, (_, i) => `p${i}@example.org`);
    const { ctx, channel, payload, captured } = await setup(smtp, addresses);
    await channel.publish(payload, ctx);
    expect(captured.progress.length).toBeGreaterThan(0);
    expect(captured.progress.every(([, total]) => total === 40)).toBe(true);
    expect(captured.progress.at(-1)).toEqual([40, 40]);
  });
});
