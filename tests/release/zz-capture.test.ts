import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startSmtp } from '../channels/email/smtp-harness.js';
import { FakeMastodon } from '../channels/social/fakes/mastodon-server.js';
import { FAKE_CREDENTIALS, FakeTwitter } from '../channels/social/fakes/twitter-server.js';
import { tempDir } from '../core/helpers.js';
import { createLiveSite, publish } from './live-site.js';

it('capture', { timeout: 300_000 }, async () => {
  const smtp = await startSmtp({}, { keepRaw: false });
  const mastodon = await new FakeMastodon().start();
  const twitter = await new FakeTwitter().start();
  const caFile = path.join(tempDir('np-ca-'), 'ca.pem');
  writeFileSync(caFile, twitter.ca);
  const site = createLiveSite({ subscribers: 300, env: {
    SMTP_URL: smtp.url, MASTODON_URL: mastodon.url, MASTODON_TOKEN: mastodon.token, TWITTER_API_URL: twitter.url,
    TWITTER_API_KEY: FAKE_CREDENTIALS.appKey, TWITTER_API_SECRET: FAKE_CREDENTIALS.appSecret,
    TWITTER_ACCESS_TOKEN: FAKE_CREDENTIALS.accessToken, TWITTER_ACCESS_SECRET: FAKE_CREDENTIALS.accessSecret, NODE_EXTRA_CA_CERTS: caFile,
  } });
  const run = await publish(site, ['release']);
  const again = await publish(site, ['release']);
  writeFileSync('/tmp/wt10-capture.txt', `code ${run.code}\n--stdout--\n${run.stdout}--stderr--\n${run.stderr}\n==again code ${again.code}\n${again.stdout}--\n${again.stderr}`);
  expect(run.code).toBe(0);
  await Promise.all([smtp.close(), mastodon.stop(), twitter.stop()]);
});
