// List delivery through a real Mailman 3: a list with 20 members receives the
// issue once per member; a second release posts nothing; without the approve
// password the post is held, and the tool said so. An in-process SMTP relay
// hands posts to Mailman's LMTP, as Postfix would.
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type SmtpHarness } from '../channels/email/smtp-harness.js';
import { cli, newsletterFolder } from './helpers.js';
import { mailmanMissing, startMailman, type TempMailman } from './mailman.js';

const missing = mailmanMissing();
if (missing) console.warn(`tests/subscriptions/mailman: SKIPPED: ${missing}`);
const LIST = 'newsletter@lists.example.org';
const LIST_ID = 'newsletter.lists.example.org';
const PASSWORD = 'list-moderator-password-42';
const members = Array.from({ length: 20 }, (_, i) => `member${i + 1}@readers.example.net`);

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(missing !== undefined)('email delivery: list through a real Mailman 3', () => {
  let sink: SmtpHarness;
  let mailman: TempMailman;
  let relay: SMTPServer;
  let relayUrl = '';
  let posts = 0;

  beforeAll(async () => {
    sink = await startSmtp();
    const started = Date.now();
    mailman = await startMailman(sink.port);
    console.info(`Mailman 3 started in ${Date.now() - started} ms`);
    const lmtp = nodemailer.createTransport({ host: '127.0.0.1', port: mailman.lmtpPort, lmtp: true });
    relay = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          posts++;
          const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
          lmtp.sendMail({ envelope, raw: Buffer.concat(chunks) }).then(() => callback(), (error: Error) => callback(error));
        });
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    relayUrl = `smtp://127.0.0.1:${(relay.server.address() as { port: number }).port}`;
    await mailman.rest('POST', '/domains', { mail_host: 'lists.example.org' });
    await mailman.rest('POST', '/lists', { fqdn_listname: LIST });
    await mailman.rest('PATCH', `/lists/${LIST_ID}/config`, { moderator_password: PASSWORD });
    for (const address of members) {
      await mailman.rest('POST', '/members', { list_id: LIST_ID, subscriber: address, pre_verified: true, pre_confirmed: true, pre_approved: true, send_welcome_message: false });
    }
  }, 400_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
    await mailman?.stop();
    await sink?.close();
  }, 30_000);

  /** Copies per member of the issue titled `title` (Mailman prefixes the subject with [Newsletter]). */
  const issueCopies = (title: string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const message of sink.received) {
      const head = message.raw.toString('utf8').split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
      if (!new RegExp(`^Subject: (\\[Newsletter\\] )?${title}$`, 'm').test(head)) continue;
      // Only members: the moderators' notice of a held post quotes the post to the list owner.
      for (const to of message.envelopeTo) if (members.includes(to)) counts.set(to, (counts.get(to) ?? 0) + 1);
    }
    return counts;
  };

  it('the 20 members receive the issue once; a second release posts nothing', async () => {
    const site = newsletterFolder(undefined, `delivery: list\nlistAddress: ${LIST}`);
    const env = { SMTP_URL: relayUrl, MAILING_LIST_APPROVE_PASSWORD: PASSWORD, CI: 'true' };
    const first = await cli(['release', '--channel', 'email'], site.dir, env);
    expect(first.code, first.out + first.err).toBe(0);
    await until('20 members to receive the issue', () => members.every((m) => issueCopies('Newsletter 2').get(m) === 1));
    const second = await cli(['release', '--channel', 'email'], site.dir, env);
    expect(second.code, second.out + second.err).toBe(0);
    // Time for Mailman to have distributed a second post, had there been one.
    await new Promise((r) => setTimeout(r, 5000));
    // One post: the newest issue. A first release never sends back issues (Newsletter 1 is archive), and none again.
    expect(posts).toBe(1);
    for (const member of members) expect(issueCopies('Newsletter 2').get(member)).toBe(1);
    expect(issueCopies('Newsletter 2').size).toBe(20);
    expect(issueCopies('Newsletter 1').size).toBe(0);
    // No Approved: header reaches the members (Mailman strips it).
    const delivered = sink.received.filter((m) => m.envelopeTo.some((to) => members.includes(to)));
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.some((m) => m.raw.toString('utf8').includes(PASSWORD))).toBe(false);
  }, 180_000);

  it('without the password the post is held for moderation, and the tool said so', async () => {
    const site = newsletterFolder(undefined, `delivery: list\nlistAddress: ${LIST}`);
    // Another issue title so its copies are told apart.
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(site.issues[0], readFileSync(site.issues[0], 'utf8').replace('Newsletter 1', 'Held Newsletter'));
    const before = await mailman.rest<{ total_size: number }>('GET', `/lists/${LIST_ID}/held`);
    const result = await cli([site.issues[0], '--channel', 'email', '--yes'], site.dir, { SMTP_URL: relayUrl, CI: 'true' });
    expect(result.code, result.out + result.err).toBe(0);
    expect(result.out + result.err).toContain('will be held for moderation');
    await until('the post to be held', async () => (await mailman.rest<{ total_size: number }>('GET', `/lists/${LIST_ID}/held`)).total_size === before.total_size + 1);
    await new Promise((r) => setTimeout(r, 3000));
    expect(issueCopies('Held Newsletter').size).toBe(0);
  }, 120_000);
});
