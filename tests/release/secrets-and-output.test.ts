// Issue 10, points 7, 8 and 10: no secret is stored or printed, the output is
// one readable line per channel and issue, --to needs only a server, and temp
// files of a killed run are cleaned. Real SMTP servers on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSmtp, type SmtpHarness } from '../channels/email/smtp-harness.js';
import { hasShared, repoRoot } from '../core/helpers.js';
import { allFiles, createLiveSite, publish, type LiveSite } from './live-site.js';

const PASSWORD = 'Pa55-w0rd-echoed-by-the-server';
const EMAIL_ONLY = '  - name: email\n    maxConnections: 2\n';

// Separate CLI processes on a shared 2-core machine: generous, these are not speed tests.
vi.setConfig({ testTimeout: 180_000 });

let smtp: SmtpHarness;
let echoing: SMTPServer;
let echoingUrl: string;
let acceptAuth = false;

beforeAll(async () => {
  smtp = await startSmtp({}, { keepRaw: false });
  // A server whose replies echo the password: AUTH failures and one recipient's 550.
  echoing = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (acceptAuth) return callback(null, { user: auth.username });
      callback(Object.assign(new Error(`authentication failed for ${auth.username}:${auth.password ?? ''}`), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce')) return callback(Object.assign(new Error(`mailbox unavailable (login was ${PASSWORD})`), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  echoing.on('error', () => undefined);
  await new Promise<void>((resolve) => echoing.listen(0, '127.0.0.1', resolve));
  const port = (echoing as unknown as { server: { address(): { port: number } } }).server.address().port;
  echoingUrl = `smtp://newsletter:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`;
});
afterAll(async () => {
  await smtp?.close();
  await new Promise<void>((resolve) => (echoing ? echoing.close(() => resolve()) : resolve()));
});

function expectNowhere(site: LiveSite, outputs: readonly string[], secret: string): void {
  for (const output of outputs) expect(output).not.toContain(secret);
  for (const file of allFiles(site.dir)) expect(readFileSync(file).toString('latin1'), file).not.toContain(secret);
}

describe.skipIf(!hasShared)('secrets', () => {
  it('an SMTP server whose replies echo the password: the password is in no file of the project and in no output', async () => {
    const site = createLiveSite({ subscribers: 3, channels: EMAIL_ONLY, env: { SMTP_URL: echoingUrl } });
    const summary = path.join(site.dir, 'step-summary.md');
    acceptAuth = false;
    const refused = await publish(site, ['release'], { GITHUB_STEP_SUMMARY: summary });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/NP400.*SMTP server refused/s);
    expect(refused.stderr).toContain('authentication failed for newsletter:[redacted]');
    const dry = await publish(site, ['--dry-run', '--probe'], { GITHUB_STEP_SUMMARY: summary });
    // AUTH accepted, one recipient refused with a reply that holds the password: it lands in the receipt.
    acceptAuth = true;
    const list = site.env.SUBSCRIBERS_FILE;
    writeFileSync(list, readFileSync(list, 'utf8') + 'bounce@example.org\n');
    const sent = await publish(site, ['release'], { GITHUB_STEP_SUMMARY: summary });
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/ok\s+email\s.*sent 3, failed 1/);
    const ledger = readFileSync(path.join(site.dir, '.publish/ledger.json'), 'utf8');
    expect(ledger).toContain('login was [redacted]');
    expectNowhere(site, [refused.stdout, refused.stderr, dry.stdout, dry.stderr, sent.stdout, sent.stderr], PASSWORD);
    expect(existsSync(summary)).toBe(true);
  });

  for (const debug of ['worker', 'http', 'net,tls', 'child_*', '*']) {
    it(`NODE_DEBUG=${debug} stops a live run before anything is sent (NP603); a dry run keeps it`, async () => {
      const site = createLiveSite({ subscribers: 2, channels: EMAIL_ONLY, env: { SMTP_URL: smtp.url } });
      const run = await publish(site, ['release'], { NODE_DEBUG: debug });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('NP603');
      expect(site.subscribers.every((a) => !smtp.counts.has(a))).toBe(true);
      if (debug === 'worker') expect((await publish(site, ['--dry-run'], { NODE_DEBUG: debug })).code).toBe(0);
    });
  }

  it('NODE_DEBUG naming harmless modules (fs, timers) does not stop a live run', async () => {
    const site = createLiveSite({ subscribers: 2, channels: EMAIL_ONLY, env: { SMTP_URL: smtp.url } });
    const run = await publish(site, ['release'], { NODE_DEBUG: 'timers' });
    expect(run.code, run.stderr).toBe(0);
    expect(site.subscribers.every((a) => smtp.counts.get(a) === 1)).toBe(true);
  });

  it('the README lists exactly the variables the redactor treats as secret', async () => {
    const { secretValues } = await import('../../src/redact.js');
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const section = /<!-- secret-variables -->([\s\S]*?)<!-- \/secret-variables -->/.exec(readme)?.[1] ?? '';
    const listed = [...section.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(0);
    for (const name of listed) expect(secretValues({ [name]: 'value-long-enough' }), name).toEqual(['value-long-enough']);
    for (const name of ['EMAIL_FROM', 'SUBSCRIBERS_FILE', 'MASTODON_URL', 'TWITTER_API_URL']) {
      expect(listed).not.toContain(name);
      expect(secretValues({ [name]: 'value-long-enough' }), name).toEqual([]);
    }
  });
});

describe.skipIf(!hasShared)('output', () => {
  it('a successful send prints one outcome line, no [object Object], no doubled prefix, no summary twice', async () => {
    const site = createLiveSite({ subscribers: 20, channels: EMAIL_ONLY + '  - name: feed\n', env: { SMTP_URL: smtp.url } });
    const run = await publish(site, ['release']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const all = run.stdout + run.stderr;
    expect(all).not.toContain('[object Object]');
    expect(all).not.toMatch(/email: email:/);
    expect(run.stdout.split('\n').filter((l) => /\bemail\b/.test(l) && /sent 20/.test(l))).toHaveLength(1);
    expect(run.stderr).not.toMatch(/sent 20/);
    expect(run.stdout).toMatch(/^ok {3}email {5}2020-10-newsletter-10-october\s+published: sent 20, failed 0, skipped 0$/m);
  });

  it('a failed send keeps its detail and its "what to do", without a doubled prefix', async () => {
    const site = createLiveSite({ subscribers: 2, channels: EMAIL_ONLY, env: { SMTP_URL: smtp.url, SUBSCRIBERS_FILE: '/nonexistent/list.csv' } });
    const run = await publish(site, ['release']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('email (verify): subscriber list: cannot read /nonexistent/list.csv');
    expect(run.stderr).toContain('what to do:');
    expect(run.stdout + run.stderr).not.toMatch(/email: email:|email: NP\d+ email:/);
  });

  it('--to needs only SMTP_URL, and names it when it is missing', async () => {
    const site = createLiveSite({ channels: EMAIL_ONLY, env: {} });
    // Nothing but what one test message needs: no subscriber list, no unsubscribe key.
    const bare = { ...site, env: {} };
    const missing = await publish(bare, ['--to', 'editor@review.example.org']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/NP202.*--to needs SMTP_URL/);
    expect(missing.stderr).toContain('SMTP_URL is not set');
    const before = smtp.counts.get('editor@review.example.org') ?? 0;
    const sent = await publish(bare, ['--to', 'editor@review.example.org'], { SMTP_URL: smtp.url });
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(smtp.counts.get('editor@review.example.org')).toBe(before + 1);
  });

  it('a template placeholder typo names the template file, its line and the valid placeholders', async () => {
    const site = createLiveSite({ channels: '  - name: email\n    templates: mail\n', env: { SMTP_URL: smtp.url } });
    cpSync(path.join(repoRoot, 'templates/email'), path.join(site.dir, 'mail'), { recursive: true });
    const header = path.join(site.dir, 'mail/header.mjml');
    const text = readFileSync(header, 'utf8');
    writeFileSync(header, text.replace('{{date}}', '{{dat}}'));
    const line = text.slice(0, text.indexOf('{{date}}')).split('\n').length;
    const run = await publish(site, ['release']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`mail/header.mjml:${line}: unknown placeholder {{dat}}`);
    expect(run.stderr).toMatch(/valid placeholders: .*\bdate\b/);
  });
});

describe.skipIf(!hasShared)('temp files of a killed run', () => {
  it('are removed by the next run when their process is gone; a live process\'s are kept', async () => {
    const site = createLiveSite({ channels: '  - name: feed\n', env: {} });
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    mkdirSync(path.join(site.dir, 'public/feed'), { recursive: true });
    mkdirSync(path.join(site.dir, '.publish'));
    const stale = [`public/feed/.atom.xml.${dead}.tmp`, `.publish/ledger.json.${dead}.tmp`].map((f) => path.join(site.dir, f));
    const live = path.join(site.dir, `public/feed/.atom.xml.${process.pid}.tmp`);
    for (const file of [...stale, live]) writeFileSync(file, 'half a file');
    const run = await publish(site, ['release']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const file of stale) expect(existsSync(file), file).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readFileSync(path.join(site.dir, 'public/feed/atom.xml'), 'utf8')).toContain('October 2020');
  });
});
