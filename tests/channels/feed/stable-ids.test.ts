// Readers key entries by id: a permalink change after publication must not
// re-send the issue as new (eleventy-plugin-rss#67, jekyll-feed#91).
import { describe, expect, it } from 'vitest';
import { createFeedChannel } from '../../../channels/feed/index.js';
import type { FeedReceipt } from '../../../channels/feed/types.js';
import type { PublishedRecord } from '../../../src/channel.js';
import { readFeed } from './feed-parsers.js';
import { artifactText, makeContext, makeIssue, memoryLedger } from './helpers.js';

const channel = createFeedChannel();

const original = makeIssue();
const moved = { ...original, canonicalUrl: 'https://xmpp.org/blog/the-xmpp-newsletter-october-2020/', canonicalPath: '/blog/the-xmpp-newsletter-october-2020/' };

function receiptFor(...issues: Array<typeof original>): PublishedRecord {
  const receipt: FeedReceipt = {
    outputDir: 'public/feed',
    files: [],
    feeds: [],
    hub: [],
    entries: issues.map((i) => ({ id: i.id, link: i.canonicalUrl, source: i.source, language: i.language, updated: i.updated })),
  };
  return { at: '2020-11-05T10:00:00Z', payloadHash: 'x', receipt };
}

describe('feed ids', () => {
  it('keeps the entry id and updates the link when an issue moves to a new permalink', async () => {
    const before = await channel.render(original, makeContext([original]));
    const after = await channel.render(moved, makeContext([moved]));
    for (const file of ['feed/atom.xml', 'feed/rss.xml']) {
      const a = await readFeed(artifactText(before, file));
      const b = await readFeed(artifactText(after, file));
      expect(b.items[0].id ?? b.items[0].guid).toBe(a.items[0].id ?? a.items[0].guid);
      expect(b.items[0].link).toBe('https://xmpp.org/blog/the-xmpp-newsletter-october-2020/');
      expect(a.items[0].link).toBe('https://xmpp.org/2020/10/newsletter-10-october/');
    }
    const json = JSON.parse(artifactText(after, 'feed/feed.json')) as { items: Array<{ id: string; url: string }> };
    expect(json.items[0]).toMatchObject({ id: original.id, url: moved.canonicalUrl });
  });

  it('raises id-changed when a published issue would get a new canonical URL', async () => {
    const ledger = memoryLedger({ [original.id]: receiptFor(original) });
    const result = await channel.render(moved, makeContext([moved], { ledger }));
    const errors = result.findings?.filter((f) => f.rule === 'id-changed') ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ severity: 'error', file: original.source });
    expect(errors[0].message).toContain('https://xmpp.org/2020/10/newsletter-10-october/');
    expect(errors[0].fix).toContain('url: /2020/10/newsletter-10-october/');
  });

  it('raises id-changed when a published issue would get a new id, and suggests pinning the old one', async () => {
    const renamed = { ...original, id: 'tag:xmpp.org,2020-11-05:/blog/october/' };
    // Every feed receipt lists all entries it published, so the record of any issue still in the archive remembers the old id.
    const ledger = memoryLedger({ [renamed.id]: receiptFor(original) });
    const result = await channel.render(renamed, makeContext([renamed], { ledger }));
    const errors = result.findings?.filter((f) => f.rule === 'id-changed') ?? [];
    expect(errors.map((e) => e.fix)).toEqual([`add \`id: ${original.id}\` to the front matter`]);
  });

  it('says nothing when a published issue keeps its id and URL, or when the ledger is empty', async () => {
    const ledger = memoryLedger({ [original.id]: receiptFor(original) });
    const same = await channel.render(original, makeContext([original], { ledger }));
    expect(same.findings?.filter((f) => f.rule === 'id-changed')).toEqual([]);
    const fresh = await channel.render(moved, makeContext([moved]));
    expect(fresh.findings?.filter((f) => f.rule === 'id-changed')).toEqual([]);
  });

  it('ignores ledger receipts it does not recognise instead of crashing', async () => {
    const ledger = memoryLedger({ [original.id]: { at: '2020-01-01T00:00:00Z', payloadHash: 'x', receipt: { entries: [{ id: 1 }, null, 'x'] } } });
    const result = await channel.render(moved, makeContext([moved], { ledger }));
    expect(result.findings?.filter((f) => f.rule === 'id-changed')).toEqual([]);
  });
});
