// An unusable DKIM_PRIVATE_KEY must stop the run before any message leaves:
// nodemailer, given a key it cannot sign with, sends every message unsigned.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createEmailChannel } from '../../../channels/email/index.js';
import { dkimKeyProblem } from '../../../channels/email/options.js';
import { main } from '../../../src/cli/main.js';
import { formatError, isPublishError } from '../../../src/errors.js';
import { makeContext, rejection, repoRoot, tempDir } from './helpers.js';
import { startSmtp, type SmtpHarness } from './smtp-harness.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const BAD_KEYS: Record<string, string> = {
  'not PEM at all': 'my-dkim-key',
  'a truncated PEM': rsa.slice(0, 400),
  'an EC key (only rsa-sha256 is signed)': ec,
  'a public key': generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
};
const DKIM = { domainName: 'xmpp.org', keySelector: 'news' };

let servers: SmtpHarness[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function context(smtpUrl: string, key: string) {
  const dir = tempDir();
  const list = path.join(dir, 'subscribers.csv');
  writeFileSync(list, 'email\nada@example.org\n');
  return makeContext({
    env: { SMTP_URL: smtpUrl, UNSUBSCRIBE_SECRET: 'a-long-unsubscribe-secret-for-tests', SUBSCRIBERS_FILE: list, DKIM_PRIVATE_KEY: key },
    raw: { dkim: DKIM },
    stateDir: path.join(dir, 'state'),
  }).ctx;
}

describe('DKIM key check', () => {
  test('a 2048-bit RSA key is usable', () => {
    expect(dkimKeyProblem({ ...DKIM, privateKey: rsa })).toBeUndefined();
  });

  test.each(Object.entries(BAD_KEYS))('%s: verify and probe fail with NP400 naming DKIM_PRIVATE_KEY, no connection made', async (_name, key) => {
    const smtp = await startSmtp();
    servers.push(smtp);
    const ctx = context(smtp.url, key);
    const channel = createEmailChannel();
    const verify = await rejection(channel.verify(ctx));
    expect(verify.code).toBe('NP400');
    expect(verify.details.join('\n')).toContain('DKIM_PRIVATE_KEY');
    const probe = await rejection(channel.probe!(ctx));
    expect(probe.code).toBe('NP400');
    expect(probe.details.join('\n')).toContain('DKIM_PRIVATE_KEY');
    expect(smtp.connections).toBe(0);
    // The key itself never appears in the error.
    expect(JSON.stringify([verify.message, verify.details, probe.message, probe.details])).not.toContain(key.slice(40, 80) || key);
  });
});

const seedsDir = path.resolve(repoRoot, '../shared/seeds');
const seedFile = existsSync(seedsDir) ? readdirSync(seedsDir).find((f) => f.startsWith('000_')) : undefined;
if (!seedFile) console.warn(`SKIPPED DKIM live-run test: no 000_* seed in ${seedsDir}`);

describe.skipIf(!seedFile)('DKIM key check through the CLI', () => {
  test('--probe and a live --yes run with an invalid key fail before sending: 0 messages', async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    const root = mkdtempSync(path.join(os.tmpdir(), 'np-dkim-cli-'));
    mkdirSync(path.join(root, 'content'));
    writeFileSync(path.join(root, 'content/2020-11-05-newsletter.md'), readFileSync(path.join(seedsDir, seedFile ?? ''), 'utf8'));
    writeFileSync(path.join(root, 'publish.config.yaml'), [
      'site:', '  url: https://xmpp.org', '  title: The XMPP Newsletter', '  language: en', '  timezone: Europe/Berlin',
      'channels:', '  - name: email', '    dkim:', '      domainName: xmpp.org', '      keySelector: news', '',
    ].join('\n'));
    writeFileSync(path.join(root, 'subscribers.csv'), 'email\nada@example.org\nbob@example.org\n');
    const env = {
      SMTP_URL: smtp.url, UNSUBSCRIBE_SECRET: 'a-long-unsubscribe-secret-for-tests', SUBSCRIBERS_FILE: path.join(root, 'subscribers.csv'),
      DKIM_PRIVATE_KEY: BAD_KEYS['an EC key (only rsa-sha256 is signed)'],
    };
    const run = async (argv: string[]): Promise<{ code: number; output: string }> => {
      let output = '';
      const write = (chunk: string): boolean => { output += chunk; return true; };
      try {
        const code = await main({ argv, cwd: root, env, stdout: { write }, stderr: { write } });
        return { code, output };
      } catch (error) {
        // bin.ts prints a thrown PublishError and exits with its code.
        if (!isPublishError(error)) throw error;
        return { code: error.exitCode, output: `${output}${formatError(error)}` };
      }
    };
    const probe = await run(['--channel', 'email', '--dry-run', '--probe', '--out', path.join(root, 'out')]);
    // `--probe` runs the live run's checks: the problem is named and the dry run fails.
    expect(probe.output).toMatch(/DKIM_PRIVATE_KEY: a ec key.*a live run would stop here/);
    expect(probe.code, probe.output).toBe(1);
    const live = await run(['--channel', 'email', '--yes']);
    expect(live.code, live.output).not.toBe(0);
    expect(live.output).toContain('NP400');
    expect(live.output).toContain('DKIM_PRIVATE_KEY');
    expect(smtp.received).toHaveLength(0);
    expect(smtp.connections).toBe(0);
  }, 60_000);
});
