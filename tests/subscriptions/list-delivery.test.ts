// `email.delivery: list` against a real SMTP server standing in for the
// list's mail server: one post, pre-approved, without our per-recipient
// List-Unsubscribe; the dry run shows that exact message; the post happens
// once however often the release runs; without the password the tool says
// the post will be held.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type SmtpHarness } from '../channels/email/smtp-harness.js';
import { cli, newsletterFolder, tempDir } from './helpers.js';

const LIST = 'newsletter@lists.example.org';
const PASSWORD = 'moderator-approve-password-123';
let smtp: SmtpHarness;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

function headerOf(raw: string, name: string): string | undefined {
  const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded.split(/\r?\n\r?\n/)[0])?.[1];
}

describe('email delivery: list', () => {
  it('dry run shows the exact post; a live run posts once, pre-approved; a second run posts nothing', async () => {
    const site = newsletterFolder(undefined, `delivery: list\nlistAddress: ${LIST}`);
    const env = { SMTP_URL: smtp.url, MAILING_LIST_APPROVE_PASSWORD: PASSWORD, CI: 'true' };
    const out = tempDir('np-list-out-');
    const dry = await cli([site.issues[0], '--channel', 'email', '--dry-run', '--out', out], site.dir, env);
    expect(dry.code, dry.out + dry.err).toBe(0);
    expect(dry.out).toContain(`one post to the mailing list ${LIST}`);
    expect(dry.out).toContain('Approved: header from MAILING_LIST_APPROVE_PASSWORD');
    const folder = readdirSync(out).find((f) => existsSync(path.join(out, f, 'email.eml')))!;
    const eml = readFileSync(path.join(out, folder, 'email.eml'), 'utf8');
    expect(headerOf(eml, 'To')).toBe(`<${LIST}>`);
    expect(headerOf(eml, 'Approved')).toBe('********');
    expect(eml).not.toContain(PASSWORD);
    expect(headerOf(eml, 'List-Unsubscribe')).toBeUndefined();
    expect(smtp.received).toHaveLength(0);

    const live = await cli([site.issues[0], '--channel', 'email', '--yes'], site.dir, env);
    expect(live.code, live.out + live.err).toBe(0);
    expect(smtp.received).toHaveLength(1);
    const post = smtp.received[0];
    expect(post.envelopeTo).toEqual([LIST]);
    const raw = post.raw.toString('utf8');
    expect(headerOf(raw, 'Approved')).toBe(PASSWORD);
    expect(headerOf(raw, 'List-Unsubscribe')).toBeUndefined();
    expect(headerOf(raw, 'List-Unsubscribe-Post')).toBeUndefined();
    // Same message as the dry run apart from the password and the send time.
    const strip = (text: string): string => text.replace(/^(Approved|Date): .*$/gm, '');
    expect(strip(raw)).toBe(strip(eml));
    expect(live.out + live.err).not.toContain(PASSWORD);

    const again = await cli([site.issues[0], '--channel', 'email', '--yes'], site.dir, env);
    expect(again.code).toBe(0);
    // The ledger lost (e.g. a crash before it was written): the post marker still guards.
    rmSync(path.join(site.dir, '.publish', 'ledger.json'));
    const afterCrash = await cli([site.issues[0], '--channel', 'email', '--yes'], site.dir, env);
    expect(afterCrash.code, afterCrash.err).toBe(0);
    expect(afterCrash.out + afterCrash.err).toContain(`already posted to ${LIST}`);
    expect(smtp.received).toHaveLength(1);
  }, 60_000);

  it('without MAILING_LIST_APPROVE_PASSWORD the plan and the run say the post will be held', async () => {
    const site = newsletterFolder(undefined, `delivery: list\nlistAddress: ${LIST}`);
    const env = { SMTP_URL: smtp.url, CI: 'true' };
    const dry = await cli([site.issues[1], '--channel', 'email', '--dry-run', '--out', tempDir('np-list-out-')], site.dir, env);
    expect(dry.out).toContain('the post will be HELD for moderation');
    const before = smtp.received.length;
    const live = await cli([site.issues[1], '--channel', 'email', '--yes'], site.dir, env);
    expect(live.code, live.err).toBe(0);
    expect(live.out + live.err).toContain('will be held for moderation');
    expect(smtp.received.length).toBe(before + 1);
    expect(headerOf(smtp.received.at(-1)!.raw.toString('utf8'), 'Approved')).toBeUndefined();
  }, 60_000);

  it('refuses delivery: list without listAddress', async () => {
    const site = newsletterFolder(undefined, 'delivery: list');
    const before = smtp.received.length;
    const result = await cli([site.issues[0], '--channel', 'email', '--yes'], site.dir, { SMTP_URL: smtp.url, CI: 'true' });
    expect(result.code, result.out + result.err).not.toBe(0);
    expect(smtp.received.length).toBe(before);
    expect(result.err).toContain('email.listAddress: required with delivery: list');
  });
});
