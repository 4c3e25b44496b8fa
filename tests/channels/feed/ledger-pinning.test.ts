// End to end with the real parser and the real ledger: the October 2020 seed is
// published, then moved to a new permalink. Its feed id must not change.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFeedChannel } from '../../../channels/feed/index.js';
import { Ledger } from '../../../src/ledger.js';
import type { Issue } from '../../../src/model.js';
import { parseIssueText } from '../../../src/parse/issue.js';
import { readFeed } from './feed-parsers.js';
import { artifactText, makeConfig, makeContext, repoRoot } from './helpers.js';

const seedsDir = path.resolve(repoRoot, '../shared/seeds');
const seedFile = existsSync(seedsDir) ? readdirSync(seedsDir).find((f) => f.startsWith('000_')) : undefined;
if (!seedFile) console.warn(`SKIPPED feed ledger-pinning tests: no 000_* seed in ${seedsDir}`);

describe.skipIf(!seedFile)('feed ids pinned by the ledger', () => {
  const seed = seedFile ? readFileSync(path.join(seedsDir, seedFile), 'utf8') : '';
  const moved = seed.replace(/^aliases:\n(\s+- .*\n)+/m, 'url: /blog/the-xmpp-newsletter-october-2020/\n');
  const source = 'content/2020-11-05-newsletter.md';

  function parse(text: string, config = makeConfig()): Issue {
    const issue = parseIssueText(text, source, config).issue;
    if (!issue) throw new Error('seed did not parse');
    return issue;
  }

  it('keeps the published id after a permalink change, links to the new URL, and flags the move', async () => {
    const config = makeConfig();
    const ledger = Ledger.load(path.join(mkdtempSync(path.join(os.tmpdir(), 'feed-ledger-')), 'ledger.json'));
    const channel = createFeedChannel();

    const first = ledger.pinIssue(parse(seed, config), '2020-11-05T10:00:00Z', () => true);
    expect(first.canonicalUrl).toBe('https://xmpp.org/2020/10/newsletter-10-october/');
    const ctx1 = makeContext([first], { config, ledger: ledger.view('feed') });
    const published = await channel.render(first, ctx1);
    const receipt = await channel.publish(published.payload, { ...ctx1, options: { ...ctx1.options, outputDir: path.join(config.root, 'public/feed') } });
    ledger.record(first.id, 'feed', { at: '2020-11-05T10:00:01Z', payloadHash: 'h', receipt });

    const reparsed = parse(moved, config);
    // Without the ledger the derived id would follow the URL: exactly the bug readers suffer from.
    expect(reparsed.id).not.toBe(first.id);
    const second = ledger.pinIssue(reparsed, '2021-01-01T00:00:00Z', () => true);
    expect(second.id).toBe(first.id);
    expect(second.canonicalUrl).toBe('https://xmpp.org/blog/the-xmpp-newsletter-october-2020/');

    const after = await channel.render(second, makeContext([second], { config, ledger: ledger.view('feed') }));
    const before = await readFeed(artifactText(published, 'feed/atom.xml'));
    const now = await readFeed(artifactText(after, 'feed/atom.xml'));
    expect(now.items[0].id).toBe(before.items[0].id);
    expect(now.items[0].link).toBe('https://xmpp.org/blog/the-xmpp-newsletter-october-2020/');
    const rss = await readFeed(artifactText(after, 'feed/rss.xml'));
    expect(rss.items[0].guid).toBe(first.id);

    const flagged = after.findings?.filter((f) => f.rule === 'id-changed') ?? [];
    expect(flagged.map((f) => f.severity)).toEqual(['error']);
    expect(flagged[0].message).toContain('https://xmpp.org/2020/10/newsletter-10-october/');
  });

  it('renders the seed with its full content, absolute links and the first figure as image', async () => {
    const issue = parse(seed);
    const result = await createFeedChannel().render(issue, makeContext([issue]));
    const json = JSON.parse(artifactText(result, 'feed/feed.json')) as { version: string; items: Array<Record<string, string>> };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    const item = json.items[0];
    expect(item.title).toBe('The XMPP Newsletter October 2020');
    expect(item.date_published).toBe(issue.date.replace('.000Z', 'Z'));
    expect(item.content_html).toContain('href="https://wiki.xmpp.org/web/Board_and_Council_Elections_2020"');
    expect(item.content_html.length).toBeGreaterThan(5000);
    expect(item.content_html).toBe(issue.html);
    expect(item.image).toBe('https://xmpp.org/images/newsletter/october2020/movim_thread.png');
  });
});
