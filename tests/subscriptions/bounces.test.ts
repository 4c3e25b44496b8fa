// Bounces: VERP round trip through a real send, RFC 3464 reports, and the
// cases that must NOT suppress (delays, reports for other actions, junk).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verpAddress } from '../../channels/email/verp.js';
import { bouncesOf, verpRecipient } from '../../src/subscriptions/bounces.js';
import { startSmtp, type SmtpHarness } from '../channels/email/smtp-harness.js';
import { cli, dsnMbox, newsletterFolder, tempDir } from './helpers.js';

let smtp: SmtpHarness;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

describe('VERP addresses', () => {
  it('round-trips recipients, including + and = in the local part', () => {
    for (const reader of ['reader@example.net', 'a+tag@example.net', 'x=y@sub.example.co.uk']) {
      expect(verpRecipient(verpAddress('newsletter@example.org', reader))).toBe(reader);
    }
    expect(verpRecipient('newsletter@example.org')).toBeUndefined();
  });
});

describe('publish bounces', () => {
  it('a send with email.verp: true names each reader in the envelope; its bounce suppresses that reader', async () => {
    const site = newsletterFolder('publicUrl: https://news.example.org\nstore: subs.sqlite', 'verp: true');
    const env = { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: 'bounce-test-secret-0123456789', CI: 'true' };
    const roster = path.join(tempDir('np-bounce-'), 'list.csv');
    writeFileSync(roster, 'email,language\ngone@example.net,en\nstays@example.net,en\n');
    expect((await cli(['subscribers', 'import', roster], site.dir, env)).code).toBe(0);
    const sent = await cli([site.issues[0], '--channel', 'email', '--yes'], site.dir, env);
    expect(sent.code, sent.out + sent.err).toBe(0);
    const gone = smtp.received.find((m) => m.envelopeTo.includes('gone@example.net'))!;
    expect(gone.envelopeFrom).toBe('newsletter+gone=example.net@example.org');
    // A bounce without a delivery-status part, as some servers send: only the VERP address names the reader.
    const mbox = path.join(tempDir('np-bounce-'), 'in.mbox');
    writeFileSync(mbox, `From MAILER-DAEMON Tue Jan  6 09:00:00 2026
From: postmaster@mx.example.net
To: ${gone.envelopeFrom}
Subject: failure notice

Sorry, we were unable to deliver your message to the following address.
<gone@example.net>: 550 5.1.1 mailbox does not exist
`);
    const result = await cli(['bounces', '--mbox', mbox], site.dir, env);
    expect(result.out).toContain('1 message read, 1 hard bounce suppressed');
    const out = path.join(tempDir('np-bounce-'), 'out.csv');
    await cli(['subscribers', 'export', out], site.dir, env);
    expect(readFileSync(out, 'utf8')).toBe('email,language\nstays@example.net,en\n');
  }, 60_000);

  it('reads RFC 3464 reports: failed 5.x.x only', () => {
    const [first, second] = dsnMbox('Unknown.User@Example.NET').split(/^From MAILER-DAEMON.*$/m).filter((m) => m.trim());
    expect(bouncesOf(first)).toEqual([{ address: 'unknown.user@example.net', status: '5.1.1', via: 'dsn' }]);
    expect(bouncesOf(second)).toEqual([]);
    expect(bouncesOf('Final-Recipient: rfc822; a@example.net\nAction: delivered\nStatus: 5.0.0\n')).toEqual([]);
    expect(bouncesOf('To: newsletter+a=example.net@example.org\n\nout of office until Monday\n')).toEqual([]);
    expect(bouncesOf('Final-Recipient: rfc822; not an address\nAction: failed\nStatus: 5.1.1\n')).toEqual([]);
  });

  it('a missing mbox is a usage error, not a crash', async () => {
    const site = newsletterFolder('publicUrl: https://news.example.org\nstore: subs.sqlite');
    const result = await cli(['bounces', '--mbox', 'nope.mbox'], site.dir, {});
    expect(result.code).toBe(2);
    expect(result.err).toContain('NP903');
  });
});

describe('a release with subscriptions: but no way to reach the store', () => {
  it('stops before sending instead of sending to an empty list', async () => {
    const site = newsletterFolder('publicUrl: https://news.example.org');
    const before = smtp.received.length;
    const result = await cli([site.issues[0], '--channel', 'email', '--yes'], site.dir, { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: 'bounce-test-secret-0123456789', CI: 'true' });
    expect(result.code, result.err).toBe(1);
    expect(result.err, result.err).toContain('subscriptions.sqlite does not exist');
    expect(result.err).toContain('set subscriptions.url and SUBSCRIPTIONS_TOKEN, or DATABASE_URL');
    expect(smtp.received.length).toBe(before);
  }, 60_000);
});
