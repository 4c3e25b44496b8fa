// verify checks every announcement template render could pick: render uses the
// issue's language, so a broken override for any language must fail verify,
// before anything is sent.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createMastodonChannel } from '../../../channels/mastodon/index.js';
import { createTwitterChannel } from '../../../channels/twitter/index.js';
import { defaultTemplateDir, verifyTemplates } from '../../../channels/announcement/index.js';
import type { AnyChannel } from '../../../src/channel.js';
import { defineChannel } from '../../../src/channel.js';
import { octoberIssue } from './fixtures/issue.js';
import { testConfig, testContext } from './helpers.js';

const config = testConfig();
const env = {
  MASTODON_URL: 'https://fosstodon.org', MASTODON_TOKEN: 'token',
  TWITTER_API_KEY: 'k', TWITTER_API_SECRET: 's', TWITTER_ACCESS_TOKEN: 't', TWITTER_ACCESS_SECRET: 'a',
};
const channels: Record<string, AnyChannel> = { mastodon: defineChannel(createMastodonChannel()), twitter: defineChannel(createTwitterChannel()) };

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'np-templates-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const GOOD = '{{title}}\n\n{{url}}\n';

describe.each(Object.keys(channels))('%s verify', (name) => {
  const channel = channels[name] as AnyChannel;
  const verify = (raw: Record<string, unknown>) => channel.verify(testContext(channel.parseOptions(raw, env, config), env));

  test('a broken template for another language than the site\'s fails verify (render would pick it for a German issue)', async () => {
    const dir = folder({ 'en.txt': GOOD, 'de.txt': '{{titel}}\n\n{{url}}\n' });
    await expect(verify({ template: dir })).rejects.toMatchObject({ code: 'NP401', details: [expect.stringMatching(/^de\.txt: line 1: unknown placeholder \{\{titel\}\}/)] });
    // …which is exactly what render would have hit.
    const options = channel.parseOptions({ template: dir }, env, config);
    await expect(channel.render(octoberIssue({ language: 'de' }), testContext(options, env))).rejects.toMatchObject({ code: 'NP401' });
  });

  test('every problem of every file at once; a folder without the site language\'s template fails', async () => {
    const dir = folder({ 'fr.txt': 'pas de lien\n', 'es.txt': '{{nope}} {{url}}\n' });
    await expect(verify({ template: dir })).rejects.toMatchObject({
      code: 'NP401',
      details: [
        'no template for language "en" (expected one of: en.txt)',
        expect.stringMatching(/^es\.txt: line 1: unknown placeholder \{\{nope\}\}/),
        'fr.txt: the template has no {{url}} placeholder',
      ],
    });
  });

  test('a valid override and the bundled templates pass', async () => {
    await expect(verify({ template: folder({ 'en.txt': GOOD, 'de.txt': GOOD }) })).resolves.toBeUndefined();
    await expect(verify({})).resolves.toBeUndefined();
  });
});

test('mastodon with a language option uses only that template: other files are not its concern', async () => {
  const channel = channels['mastodon'] as AnyChannel;
  const dir = folder({ 'en.txt': GOOD, 'de.txt': '{{titel}} {{url}}\n' });
  await expect(channel.verify(testContext(channel.parseOptions({ template: dir, language: 'en' }, env, config), env))).resolves.toBeUndefined();
  await expect(channel.verify(testContext(channel.parseOptions({ template: dir, language: 'de' }, env, config), env))).rejects.toMatchObject({ code: 'NP401' });
});

test('every bundled template is valid', () => {
  expect(() => verifyTemplates(defaultTemplateDir(), ['en', 'de', 'fr', 'es'], true)).not.toThrow();
});
