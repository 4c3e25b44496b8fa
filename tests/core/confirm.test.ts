// Issue 10, point 9: the user decides with everything in front of them. The
// plan and every lint finding come before the "Publish now?" question, and
// "n" ends the run with "nothing was sent", exit 1, and no error code.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { hasShared, seed000, tempDir } from './helpers.js';

function site(): string {
  const dir = tempDir('np-confirm-');
  mkdirSync(path.join(dir, 'content'));
  // The October 2020 issue as sent: it carries a mojibake warning ("voil√†").
  writeFileSync(path.join(dir, 'content/2020-11-05-newsletter.md'), readFileSync(seed000));
  writeFileSync(path.join(dir, 'publish.config.yaml'), 'site:\n  url: https://xmpp.org\n  title: The XMPP Newsletter\ncontent: content\nchannels:\n  - name: feed\n');
  return dir;
}

async function answer(dir: string, reply: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const out = { write: (chunk: string) => { stdout += chunk; if (chunk.includes('Publish now?')) stdin.write(reply + '\n'); return true; } };
  const code = await main({ argv: [], cwd: dir, env: {}, stdout: out, stderr: { write: (c: string) => (stderr += c) }, stdin });
  return { code, stdout, stderr };
}

describe.skipIf(!hasShared)('confirmation', () => {
  it('"n": findings and plan come before the question; nothing was sent, exit 1, no error code', async () => {
    const dir = site();
    const run = await answer(dir, 'n');
    expect(run.code).toBe(1);
    const prompt = run.stdout.indexOf('Publish now?');
    expect(prompt).toBeGreaterThan(0);
    expect(run.stdout.indexOf('warning mojibake')).toBeGreaterThan(-1);
    expect(run.stdout.indexOf('warning mojibake')).toBeLessThan(prompt);
    expect(run.stdout.indexOf('feed: write atom.xml')).toBeLessThan(prompt);
    expect(run.stdout.slice(prompt)).toContain('nothing was sent');
    expect(run.stdout + run.stderr).not.toMatch(/NP\d{3}/);
    expect(existsSync(path.join(dir, 'public'))).toBe(false);
    // Findings are printed once, not again after the answer.
    expect(run.stdout.match(/warning mojibake/g)).toHaveLength(1);
  });

  it('"y" publishes, and the findings are still printed once', async () => {
    const dir = site();
    const run = await answer(dir, 'y');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout.match(/warning mojibake/g)).toHaveLength(1);
    expect(existsSync(path.join(dir, 'public/feed/atom.xml'))).toBe(true);
  });
});
