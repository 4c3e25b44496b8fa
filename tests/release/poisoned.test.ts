// One poisoned file must not hold a release hostage: next to a good ready
// issue, an alias bomb, a symlink to /dev/zero, a FIFO and an issue with a
// disguised script link are each reported, and the good issue still goes out
// by email and into the feed, which leaves the bad ones out.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type SmtpHarness } from '../channels/email/smtp-harness.js';
import { mkfifoSync } from '../core/fifo.js';
import { bin, hasShared, seed000, tempDir } from '../core/helpers.js';

let smtp: SmtpHarness;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.close();
});

const bomb = `---\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`).join('\n')}\ntitle: Bomb\ndate: 2024-01-05\n---\nBody\n`;

function release(cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [bin, 'release'], { cwd, env: { PATH: process.env.PATH ?? '', HOME: '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe.skipIf(!hasShared)('release with a poisoned content folder', () => {
  it('publishes the good issue, reports every bad file, and keeps them out of the feed', async () => {
    const dir = tempDir('np-poison-');
    const content = path.join(dir, 'content');
    mkdirSync(content);
    writeFileSync(path.join(dir, 'publish.config.yaml'), 'site:\n  url: https://xmpp.org\n  title: T\n  language: en\ncontent: content\nchannels:\n  - name: feed\n  - name: email\n');
    copyFileSync(seed000, path.join(content, 'good.md'));
    writeFileSync(path.join(content, 'bomb.md'), bomb);
    symlinkSync('/dev/zero', path.join(content, 'zero.md'));
    mkfifoSync(path.join(content, 'pipe.md'));
    // Dated like the good issue: a newer ready file would make the good one a back issue on this first release (archive-facts.ts).
    writeFileSync(path.join(content, 'script.md'), '---\ntitle: Script issue\ndate: 2020-11-05\n---\n\nHello <a href="\u0001javascript:alert(1)">there</a>.\n');
    const subscribers = path.join(dir, 'subscribers.csv');
    writeFileSync(subscribers, 'email\nreader@poison.example.org\n');

    const started = performance.now();
    // Asynchronous: the SMTP server lives in this process and must keep answering.
    const run = await release(dir, { CI: 'true', SMTP_URL: smtp.url, SUBSCRIBERS_FILE: subscribers, UNSUBSCRIBE_SECRET: 'poisoned-release-secret-0123456789abcdef' });
    const out = run.out;
    // Loose: the machine is shared; without the limits this release took minutes and gigabytes.
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(out).not.toMatch(/internal error/i);
    // Every bad file is named with its rule.
    expect(out).toMatch(/content\/bomb\.md:\d+: error front-matter: .*alias/);
    expect(out).toMatch(/content\/zero\.md: error file: .*symlink to \/dev\/zero/);
    expect(out).toMatch(/content\/pipe\.md: error file: .*named pipe/);
    expect(out).toMatch(/content\/script\.md:6: error bad-url/);
    expect(out).toMatch(/2020-11-script-issue\s+blocked/);
    expect(run.code).toBe(1);

    // The good issue went out; the bad one did not.
    const mails = smtp.received.filter((m) => m.envelopeTo.includes('reader@poison.example.org'));
    expect(mails).toHaveLength(1);
    expect(mails[0].raw.toString()).toMatch(/Subject: .*October 2020/);
    const atom = readFileSync(path.join(dir, 'public/feed/atom.xml'), 'utf8');
    expect(atom).toContain('The XMPP Newsletter October 2020');
    expect(atom).not.toContain('Script issue');
    expect(atom).not.toMatch(/javascript/i);
  });
});
