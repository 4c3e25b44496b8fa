// parseOptions (pure, every problem at once) and verify (secrets, files,
// template) as a user meets them in the terminal.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createEmailChannel } from '../../../channels/email/index.js';
import { parseEmailOptions } from '../../../channels/email/options.js';
import { isPublishError, type PublishError } from '../../../src/errors.js';
import { makeContext, tempDir, testConfig } from './helpers.js';

const config = testConfig();

function problems(fn: () => unknown): PublishError {
  try {
    fn();
  } catch (error) {
    if (isPublishError(error)) return error;
    throw error;
  }
  throw new Error('expected a PublishError');
}

describe('email options', () => {
  test('sane defaults from the site config', () => {
    const options = parseEmailOptions(undefined, {}, config);
    expect(options).toMatchObject({
      from: 'The XMPP Newsletter <newsletter@xmpp.org>',
      listId: '<newsletter.xmpp.org>',
      unsubscribeUrl: 'https://xmpp.org/unsubscribe',
      maxConnections: 5,
      rateLimit: 0,
      sizeBudget: 102400,
    });
  });

  test('the environment overrides from and the subscriber list; paths resolve from the config folder', () => {
    const options = parseEmailOptions({ from: 'a@xmpp.org', subscribers: 'subs.csv', suppression: 'data/suppressed.csv' }, { EMAIL_FROM: 'News <news@xmpp.org>', SUBSCRIBERS_FILE: '/srv/list.json' }, config);
    expect(options.from).toBe('News <news@xmpp.org>');
    expect(options.subscribers).toBe('/srv/list.json');
    expect(options.suppression).toBe(path.join(config.root, 'data/suppressed.csv'));
  });

  test('every problem is listed at once, NP204', () => {
    const error = problems(() => parseEmailOptions({
      from: 'not an address', listId: 'has space', unsubscribeUrl: 'http://xmpp.org/u', maxConnections: 0, rateLimit: 'fast',
      dkim: { domainName: 'xmpp.org', keySelector: 'x', privateKey: 'inline' }, colour: 'red',
    }, {}, config));
    expect(error.code).toBe('NP204');
    const text = error.details.join('\n');
    for (const key of ['email.from', 'email.listId', 'email.unsubscribeUrl', 'email.maxConnections', 'email.rateLimit', 'email.dkim.privateKey', 'email.colour']) {
      expect(text).toContain(key);
    }
    expect(error.details.length).toBe(7);
  });
});

describe('email verify', () => {
  const channel = createEmailChannel();

  test('missing secrets are one NP202 listing every variable', async () => {
    const { ctx } = makeContext({ raw: { dkim: { domainName: 'xmpp.org', keySelector: 'news' } } });
    const error = await channel.verify(ctx).catch((e: unknown) => e);
    expect(isPublishError(error) && error.code).toBe('NP202');
    const text = (error as PublishError).details.join('\n');
    for (const name of ['SMTP_URL', 'UNSUBSCRIBE_SECRET', 'SUBSCRIBERS_FILE', 'DKIM_PRIVATE_KEY']) expect(text).toContain(name);
  });

  test('a malformed SMTP_URL, a short secret and an unreadable list are reported together without echoing the URL', async () => {
    const { ctx } = makeContext({ env: { SMTP_URL: 'http://user:pa55word-xyz@host', UNSUBSCRIBE_SECRET: 'short', SUBSCRIBERS_FILE: '/nonexistent/list.csv' } });
    const error = await channel.verify(ctx).catch((e: unknown) => e);
    expect(isPublishError(error) && error.code).toBe('NP400');
    const details = (error as PublishError).details;
    expect(details).toHaveLength(3);
    expect(details.join('\n')).not.toContain('pa55word-xyz');
  });

  test('complete settings verify, with no network, and the template compiles', async () => {
    const dir = tempDir();
    const list = path.join(dir, 'list.csv');
    writeFileSync(list, 'email\na@example.org\n');
    const { ctx } = makeContext({ env: { SMTP_URL: 'smtp://user:pass@127.0.0.1:1', UNSUBSCRIBE_SECRET: 'a-long-enough-secret-value', SUBSCRIBERS_FILE: list } });
    await expect(channel.verify(ctx)).resolves.toBeUndefined();
  });
});
