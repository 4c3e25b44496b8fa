// The subscription service end to end, once with the embedded store and once
// with a real PostgreSQL: a real SMTP server receives the issues and the
// confirmation emails, `publish serve` runs in process on 127.0.0.1 and is
// reached with the public Host header, as behind a reverse proxy.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type SmtpHarness } from '../channels/email/smtp-harness.js';
import { serve } from '../../src/subscriptions/serve.js';
import { cli, dsnMbox, freePort, http, newsletterFolder, PUBLIC_HOST, tempDir } from './helpers.js';
import { postgresMissing, startPostgres, type TempPostgres } from './postgres.js';

const SECRET = 'subscription-test-unsubscribe-secret-0123';
const EXPORT_TOKEN = 'export-token-for-the-release-runner-0123456789';
const missing = postgresMissing();
if (missing) console.warn(`tests/subscriptions: PostgreSQL variant SKIPPED: ${missing}`);

function listUnsubscribe(raw: Buffer): string {
  const text = raw.toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
  const header = /^List-Unsubscribe: (.*)$/im.exec(text)?.[1] ?? '';
  const https = /<(https:[^>]+)>/.exec(header)?.[1];
  if (!https) throw new Error(`no https List-Unsubscribe in: ${header}`);
  return https;
}

function confirmationLink(raw: Buffer): string {
  const text = raw.toString('utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const link = /(https:\/\/news\.example\.org\/confirm\?\S+)/.exec(text)?.[1];
  if (!link) throw new Error('no confirmation link in the email');
  return link;
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each([
  { store: 'embedded SQLite', postgres: false },
  { store: 'PostgreSQL', postgres: true },
])('publish serve with the $store store', ({ postgres }) => {
  const skip = postgres && missing !== undefined;
  let smtp: SmtpHarness;
  let pg: TempPostgres | undefined;
  let site: ReturnType<typeof newsletterFolder>;
  let base: string;
  let port: number;
  let env: Record<string, string>;
  const stop = new AbortController();
  let served: Promise<void>;
  let serveLog = '';
  const domain = postgres ? 'pg.example.net' : 'lite.example.net';
  const reader = (n: number): string => `reader${n}@${domain}`;

  beforeAll(async () => {
    if (skip) return;
    smtp = await startSmtp();
    pg = postgres ? await startPostgres() : undefined;
    port = await freePort();
    site = newsletterFolder(`publicUrl: https://${PUBLIC_HOST}\nstore: data/subscribers.sqlite\nurl: http://127.0.0.1:${port}`);
    env = { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: SECRET, SUBSCRIPTIONS_TOKEN: EXPORT_TOKEN, CI: 'true', ...(pg ? { DATABASE_URL: pg.url } : {}) };
    const roster = path.join(tempDir('np-roster-'), 'roster.txt');
    // A Mailman roster as `mailman members` prints it, names and bare addresses mixed.
    writeFileSync(roster, `Reader One <${reader(1)}>\n${reader(2)}\n"Reader, Three" <${reader(3)}>\nnot-an-address\n`);
    const imported = await cli(['subscribers', 'import', roster], site.dir, env);
    expect(imported.out).toContain('3 imported as confirmed, 1 invalid');
    served = serve({
      cwd: site.dir, env, port, signal: stop.signal,
      stdout: { write: (s: string) => void (serveLog += s) }, stderr: { write: (s: string) => void (serveLog += s) },
    });
    base = await waitFor('the service', () => (serveLog.includes('listening on') ? `http://127.0.0.1:${port}` : undefined));
  }, 60_000);

  afterAll(async () => {
    if (skip) return;
    stop.abort();
    await served;
    await smtp.close();
    pg?.stop();
  });

  const to = (address: string): Buffer[] => smtp.received.filter((m) => m.envelopeTo.includes(address)).map((m) => m.raw);

  it.skipIf(skip)('sends the first issue to the imported roster', async () => {
    const result = await cli([site.issues[0], '--channel', 'email', '--yes'], site.dir, env);
    expect(result.code, result.out + result.err).toBe(0);
    for (const n of [1, 2, 3]) expect(to(reader(n))).toHaveLength(1);
  }, 60_000);

  it.skipIf(skip)('one-click: GET changes nothing, an altered token gets 403, POST List-Unsubscribe=One-Click suppresses', async () => {
    const url = listUnsubscribe(to(reader(1))[0]);
    expect(new URL(url).host).toBe(PUBLIC_HOST);
    const target = new URL(url);
    const get = await http(base, 'GET', `${target.pathname}${target.search}`);
    expect(get.status).toBe(200);
    expect(get.body).toContain('<button type="submit">Unsubscribe</button>');
    expect(get.headers['referrer-policy']).toBe('no-referrer');
    expect(get.headers['set-cookie']).toBeUndefined();
    const token = target.searchParams.get('token')!;
    const altered = new URL(target);
    altered.searchParams.set('token', (token[0] === 'A' ? 'B' : 'A') + token.slice(1));
    const forged = await http(base, 'POST', `${altered.pathname}${altered.search}`, { body: 'List-Unsubscribe=One-Click' });
    expect(forged.status).toBe(403);
    // Another reader's address with reader 1's token: refused too.
    const swapped = new URL(target);
    swapped.searchParams.set('email', reader(2));
    expect((await http(base, 'POST', `${swapped.pathname}${swapped.search}`, { body: 'List-Unsubscribe=One-Click' })).status).toBe(403);
    const wrongHost = await http(base, 'POST', `${target.pathname}${target.search}`, { body: 'List-Unsubscribe=One-Click', host: 'evil.example.com' });
    expect(wrongHost.status).toBe(421);
    const exported = await http(base, 'GET', '/api/subscribers', { host: `127.0.0.1:${port}` });
    expect(exported.status).toBe(401);
    const one = await http(base, 'POST', `${target.pathname}${target.search}`, { body: 'List-Unsubscribe=One-Click' });
    expect(one.status).toBe(200);
    // Nothing the service logged names the reader or the token.
    expect(serveLog).not.toContain(reader(1));
    expect(serveLog).not.toContain(token);
  });

  it.skipIf(skip)('subscribe → confirmation email → confirm POST; the unconfirmed address stays out', async () => {
    const fresh = `new@${domain}`;
    const pending = `pending@${domain}`;
    const answer = await http(base, 'POST', '/subscribe', { body: `email=${encodeURIComponent(fresh)}&language=en&website=` });
    const other = await http(base, 'POST', '/subscribe', { body: JSON.stringify({ email: pending }), type: 'application/json', forwardedFor: '198.51.100.7' });
    expect(answer.status).toBe(202);
    expect(other.status).toBe(202);
    // A known, confirmed reader gets the very same page as a new address.
    const known = await http(base, 'POST', '/subscribe', { body: `email=${encodeURIComponent(reader(2))}` });
    expect(known.body).toBe(answer.body);
    // The honeypot filled: same answer, no email.
    const bot = await http(base, 'POST', '/subscribe', { body: `email=bot@${domain}&website=http://spam.example` });
    expect(bot.body).toBe(answer.body);
    const mail = await waitFor('the confirmation email', () => to(fresh)[0]);
    await waitFor('the second confirmation email', () => to(pending)[0]);
    expect(to(`bot@${domain}`)).toHaveLength(0);
    expect(to(reader(2))).toHaveLength(1);
    const link = new URL(confirmationLink(mail));
    const page = await http(base, 'GET', `${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Yes, subscribe me');
    // A tampered expiry breaks the signature.
    const stretched = new URLSearchParams(link.search);
    stretched.set('expires', String(Number(stretched.get('expires')) + 86_400_000));
    expect((await http(base, 'POST', '/confirm', { body: stretched.toString() })).status).toBe(403);
    const confirmed = await http(base, 'POST', '/confirm', { body: link.searchParams.toString() });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toContain(`Done: ${fresh} receives the next issue`);
  });

  it.skipIf(skip)('100 subscribe requests from one address in a minute are throttled', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      statuses.push((await http(base, 'POST', '/subscribe', { body: `email=flood${i}@${domain}`, forwardedFor: '203.0.113.50' })).status);
    }
    const accepted = statuses.filter((s) => s === 202).length;
    expect(accepted).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBe(100 - accepted);
    expect(statuses.at(-1)).toBe(429);
    // A body over the limit is refused before it is read whole.
    expect((await http(base, 'POST', '/subscribe', { body: `email=${'x'.repeat(20_000)}@${domain}`, forwardedFor: '192.0.2.1' })).status).toBe(413);
  });

  it.skipIf(skip)('an mbox with a 5.1.1 report suppresses that address; a 4.x.x delay does not', async () => {
    const mbox = path.join(tempDir('np-mbox-'), 'bounces.mbox');
    writeFileSync(mbox, dsnMbox(reader(3)));
    const result = await cli(['bounces', '--mbox', mbox], site.dir, env);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('2 messages read, 1 hard bounce suppressed');
  });

  it.skipIf(skip)('a release in another folder reads the list from the running service and skips the suppressed', async () => {
    // As on a CI runner: no store file, no database, only the service's URL and token.
    const runner = newsletterFolder(`publicUrl: https://${PUBLIC_HOST}\nurl: http://127.0.0.1:${port}`);
    const runnerEnv = { SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: SECRET, SUBSCRIPTIONS_TOKEN: EXPORT_TOKEN, CI: 'true' };
    const wrong = await cli(['release', '--channel', 'email'], runner.dir, { ...runnerEnv, SUBSCRIPTIONS_TOKEN: 'not-the-token-0000000000' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('401');
    const before = smtp.received.length;
    const result = await cli([runner.issues[1], '--channel', 'email', '--yes'], runner.dir, runnerEnv);
    expect(result.code, result.out + result.err).toBe(0);
    // Only the issue: confirmation emails of the throttling test above may still be arriving.
    const got = smtp.received.slice(before).filter((m) => m.raw.includes('List-Unsubscribe:')).flatMap((m) => m.envelopeTo).filter((a) => a.endsWith(domain)).sort();
    // Reader 1 unsubscribed, reader 3 bounced, pending@ never confirmed, the flood never confirmed.
    expect(got).toEqual([`new@${domain}`, reader(2)]);
  }, 60_000);

  it.skipIf(skip)('the database itself gives the same list to a release that reaches it directly', async () => {
    const out = path.join(tempDir('np-export-'), 'export.csv');
    const result = await cli(['subscribers', 'export', out], site.dir, env);
    expect(result.code, result.err).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]).sort()).toEqual([`new@${domain}`, reader(2)]);
  });
});
