// The announcements of real issues, parsed by the project's parser: the
// bundled October 2020 seed and every issue of the shared corpus.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createMastodonChannel } from '../../../channels/mastodon/index.js';
import { createTwitterChannel } from '../../../channels/twitter/index.js';
import { findHighlights, mastodonCounter, twitterCounter } from '../../../channels/announcement/index.js';
import { corpusDir, hasCorpus, hasSeed, parseFile, seedIssue, testConfig, testContext } from './helpers.js';

const config = testConfig();
const mastodon = createMastodonChannel();
const twitter = createTwitterChannel();
const mastodonOptions = mastodon.parseOptions({ hashtags: ['XMPP', 'Jabber'] }, {}, config);
const twitterOptions = twitter.parseOptions({ hashtags: ['XMPP'] }, {}, config);

describe.skipIf(!hasSeed)('the bundled October 2020 issue', () => {
  test('highlights name the month\'s releases and new XEPs', async () => {
    const labels = findHighlights(await seedIssue()).map((h) => h.label);
    // Each a link text of the issue; Prosody 0.11.7 is named only in a sentence ("a minor release to version 0.11.7").
    expect(labels).toEqual(['MongooseIM 4.0', 'Openfire 4.6.0', 'XEP-0444', 'XEP-0443', 'Spark 2.9.3']);
  });

  test('announcements read well and fit', async () => {
    const issue = await seedIssue();
    const m = await mastodon.render(issue, testContext(mastodonOptions, {}));
    const t = await twitter.render(issue, testContext(twitterOptions, {}));
    expect(m.payload.text).toBe([
      'The XMPP Newsletter October 2020',
      '',
      'In this issue: MongooseIM 4.0, Openfire 4.6.0, XEP-0444, XEP-0443, and Spark 2.9.3.',
      '',
      '#XMPP #Jabber',
      'https://xmpp.org/2020/10/newsletter-10-october/',
    ].join('\n'));
    expect(t.payload.length).toBeLessThanOrEqual(280);
    expect(t.payload.text.startsWith('The XMPP Newsletter October 2020\n\nIn this issue: MongooseIM 4.0')).toBe(true);
    console.log(`--- mastodon.txt (${m.payload.length}/500)\n${m.payload.text}\n--- twitter.txt (${t.payload.length}/280)\n${t.payload.text}`);
  });
});

function corpusFiles(): string[] {
  const out: string[] = [];
  for (const sub of ['xsf/hugo', 'xsf/pelican', 'xsf/drafts', 'twir']) {
    const dir = path.join(corpusDir, sub);
    try {
      for (const name of readdirSync(dir)) if (name.endsWith('.md')) out.push(path.join(dir, name));
    } catch {
      // a missing sub-folder is simply not tested
    }
  }
  return out.sort();
}

if (!hasCorpus) console.warn(`corpus not found at ${corpusDir}: skipping the corpus announcement tests`);

describe.skipIf(!hasCorpus)('every corpus issue', () => {
  test('fits both platforms, and ends with its complete URL', async () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(50);
    let withHighlights = 0;
    for (const file of files) {
      const issue = await parseFile(file);
      if (!issue) continue;
      for (const [channel, options, counter, limit] of [[mastodon, mastodonOptions, mastodonCounter(), 500], [twitter, twitterOptions, twitterCounter(), 280]] as const) {
        const ctx = testContext(options as never, {});
        const rendered = await (channel.render as (i: typeof issue, c: typeof ctx) => Promise<{ payload: { text: string }; findings?: readonly unknown[] }>)(issue, ctx);
        const text = rendered.payload.text;
        expect(counter.count(text), `${file}\n${text}`).toBeLessThanOrEqual(limit);
        expect(text.endsWith(`\n${issue.canonicalUrl}`), file).toBe(true);
        expect(rendered.findings ?? []).toEqual([]);
      }
      if (findHighlights(issue).length > 0) withHighlights++;
    }
    // Most XMPP newsletters announce releases or XEPs.
    expect(withHighlights).toBeGreaterThan(files.length / 2);
  }, 120_000);
});
