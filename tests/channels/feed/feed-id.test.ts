// The feed-level id: readers key a subscription by it, so moving `publicUrl`
// or the whole site must not turn the feed into a new one. It used to be the
// URL of atom.xml.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFeedChannel } from '../../../channels/feed/index.js';
import type { FeedReceipt } from '../../../channels/feed/types.js';
import type { PublishedRecord } from '../../../src/channel.js';
import { parseConfig } from '../../../src/config.js';
import type { Issue } from '../../../src/model.js';
import { node, parseXml, readFeed, text } from './feed-parsers.js';
import { artifactText, makeConfig, makeContext, makeIssue, memoryLedger } from './helpers.js';

const channel = createFeedChannel();

const october = makeIssue();
const november = makeIssue({ slug: '2020/12/newsletter-11-november', title: 'November', date: '2020-12-09T00:00:00Z' });
const march = makeIssue({ slug: '2021/03/newsletter-03-march', title: 'March', date: '2021-03-04T00:00:00Z' });
const german = makeIssue({ slug: 'de/2021/03/newsletter', title: 'Newsletter März', date: '2021-03-05T00:00:00Z', language: 'de' });

async function atomId(archive: readonly Issue[], options: Parameters<typeof makeContext>[1] = {}, file = 'feed/atom.xml'): Promise<string> {
  const result = await channel.render(archive[0] ?? october, makeContext(archive, options));
  return text(node(parseXml(artifactText(result, file)), 'feed', 'id'));
}

function receipt(feeds: unknown, at = '2021-01-01T00:00:00Z'): PublishedRecord {
  return { at, payloadHash: 'x', receipt: { outputDir: 'public/feed', files: [{ name: 'atom.xml', sha256: '0', bytes: 1 }], hub: [], entries: [], feeds } };
}

function movedSiteConfig() {
  return parseConfig(['site:', '  url: https://newsletter.example.net', '  title: The XMPP Newsletter', '  language: en'].join('\n'),
    path.join(makeConfig().root, 'publish.config.yaml'));
}

describe('feed id', () => {
  it('does not change when publicUrl moves', async () => {
    const before = await channel.render(october, makeContext([october, november]));
    const after = await channel.render(october, makeContext([october, november], { raw: { publicUrl: 'https://cdn.example.org/newsletter/feeds/' } }));
    const a = parseXml(artifactText(before, 'feed/atom.xml'));
    const b = parseXml(artifactText(after, 'feed/atom.xml'));
    expect(text(node(b, 'feed', 'id'))).toBe(text(node(a, 'feed', 'id')));
    expect(text(node(a, 'feed', 'id'))).toBe('tag:xmpp.org,2020:feed');
    // The self link does follow the move: only the id is stable.
    expect((await readFeed(artifactText(after, 'feed/atom.xml'))).feedUrl).toBe('https://cdn.example.org/newsletter/feeds/atom.xml');
  });

  it('uses the year of the oldest published issue, not of the newest N in the feed, and ignores drafts', async () => {
    const oldDraft = makeIssue({ slug: '2018/01/draft', date: '2018-01-01T00:00:00Z', draft: true });
    expect(await atomId([march, november, october, oldDraft], { raw: { limit: 1 } })).toBe('tag:xmpp.org,2020:feed');
    // A new issue does not move it either.
    expect(await atomId([march, november, october, makeIssue({ slug: '2022/01/x', date: '2022-01-01T00:00:00Z' })])).toBe('tag:xmpp.org,2020:feed');
  });

  it('gives each per-language feed its own id', async () => {
    const config = makeConfig('  languages: [de]');
    expect(await atomId([october, german], { config })).toBe('tag:xmpp.org,2020:feed');
    expect(await atomId([october, german], { config }, 'feed/atom.de.xml')).toBe('tag:xmpp.org,2020:feed:de');
  });

  it('records the id in the receipt and reuses it after the site moves to another host', async () => {
    const config = makeConfig('  languages: [de]');
    const ctx = makeContext([october, german], { config });
    const { payload } = await channel.render(october, ctx);
    const published: FeedReceipt = await channel.publish(payload, ctx);
    expect(published.feeds).toEqual([
      { file: 'atom.xml', id: 'tag:xmpp.org,2020:feed' },
      { file: 'atom.de.xml', id: 'tag:xmpp.org,2020:feed:de' },
    ]);

    const ledger = memoryLedger({ [october.id]: { at: '2020-11-05T10:00:00Z', payloadHash: 'x', receipt: published } });
    const moved = parseConfig(['site:', '  url: https://newsletter.example.net', '  title: T', '  language: en', '  languages: [de]'].join('\n'),
      path.join(config.root, 'publish.config.yaml'));
    const raw = { publicUrl: 'https://cdn.example.org/feeds/' };
    expect(await atomId([october, german], { config: moved, ledger, raw })).toBe('tag:xmpp.org,2020:feed');
    expect(await atomId([october, german], { config: moved, ledger, raw }, 'feed/atom.de.xml')).toBe('tag:xmpp.org,2020:feed:de');
    // Without the ledger the derived id follows the host: the ledger is what keeps it.
    expect(await atomId([october, german], { config: moved, raw })).toBe('tag:newsletter.example.net,2020:feed');
  });

  it('takes the newest recorded id, and ignores malformed receipt entries', async () => {
    const ledger = memoryLedger({
      [october.id]: receipt([{ file: 'atom.xml', id: 'tag:old.example,2019:feed' }], '2020-11-05T00:00:00Z'),
      [november.id]: receipt([{ file: 'atom.xml', id: 'tag:newer.example,2019:feed' }, { file: 'atom.xml', id: 7 }, null], '2020-12-09T00:00:00Z'),
    });
    expect(await atomId([october, november], { ledger, config: movedSiteConfig() })).toBe('tag:newer.example,2019:feed');
  });

  it('keeps the URL id of a feed published before ids were recorded', async () => {
    const ledger = memoryLedger({ [october.id]: { at: '2020-11-05T00:00:00Z', payloadHash: 'x', receipt: { outputDir: 'public/feed', files: [{ name: 'atom.xml', sha256: '0', bytes: 1 }], hub: [], entries: [] } } });
    expect(await atomId([october], { ledger })).toBe('https://xmpp.org/feed/atom.xml');
  });

  it('lets the id option override, with a warning when it replaces a published id', async () => {
    expect(await atomId([october], { raw: { id: 'tag:xmpp.org,2018:newsletter' } })).toBe('tag:xmpp.org,2018:newsletter');
    const ledger = memoryLedger({ [october.id]: receipt([{ file: 'atom.xml', id: 'tag:xmpp.org,2020:feed' }]) });
    const result = await channel.render(october, makeContext([october], { ledger, raw: { id: 'tag:xmpp.org,2018:newsletter' } }));
    expect(text(node(parseXml(artifactText(result, 'feed/atom.xml')), 'feed', 'id'))).toBe('tag:xmpp.org,2018:newsletter');
    const warnings = result.findings?.filter((f) => f.rule === 'feed-id-changed') ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning' });
    expect(warnings[0].message).toContain('tag:xmpp.org,2020:feed');
    // The same id as published: nothing to say.
    const same = await channel.render(october, makeContext([october], { ledger, raw: { id: 'tag:xmpp.org,2020:feed' } }));
    expect(same.findings?.filter((f) => f.rule === 'feed-id-changed')).toEqual([]);
  });
});
