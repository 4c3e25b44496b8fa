// Every issue of the shared corpus (as INDEX.tsv lists it, in five languages)
// becomes a Bluesky post within both limits, with facets that cut the text
// exactly at its link and hashtags, and a record key that is a valid TID.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createBlueskyChannel } from '../../../channels/bluesky/index.js';
import { readCorpusIndex } from '../../corpus-index.js';
import { corpusDir, hasCorpus, parseFile, testConfig, testContext } from '../social/helpers.js';

const channel = createBlueskyChannel();
const options = channel.parseOptions({ hashtags: ['XMPP', 'Jabber', 'Newsletter'] }, {}, testConfig());
const rows = readCorpusIndex(path.join(corpusDir, 'xsf'));

describe.skipIf(!hasCorpus || rows.length === 0)('every XSF corpus issue on Bluesky', () => {
  test('fits 300 graphemes and 3,000 bytes; facets cover the URL and the hashtags by byte range; keys are distinct TIDs', async () => {
    const keys = new Map<string, string>();
    let rendered = 0;
    const languages = new Set<string>();
    for (const row of rows) {
      const issue = await parseFile(path.join(corpusDir, 'xsf', row.file));
      if (!issue) continue;
      const { payload, findings } = await channel.render(issue, testContext(options, {}));
      rendered++;
      languages.add(issue.language);
      expect(findings ?? [], row.file).toEqual([]);
      expect(payload.graphemes, row.file).toBeLessThanOrEqual(300);
      expect(payload.bytes, row.file).toBeLessThanOrEqual(3000);
      expect(payload.text.endsWith(issue.canonicalUrl), row.file).toBe(true);
      const bytes = Buffer.from(payload.text, 'utf8');
      const covered = payload.facets.map((f) => bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8'));
      expect(covered, row.file).toContain(issue.canonicalUrl);
      for (const tag of payload.text.match(/#(XMPP|Jabber|Newsletter)\b/g) ?? []) expect(covered, row.file).toContain(tag);
      expect(payload.rkey).toMatch(/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/);
      const other = keys.get(payload.rkey);
      expect(other === undefined || other === issue.id, `${row.file} shares record key ${payload.rkey} with another issue`).toBe(true);
      keys.set(payload.rkey, issue.id);
    }
    // Every row of the index is rendered, in every language the index names.
    expect(rendered).toBe(rows.length);
    expect([...languages].sort()).toEqual([...new Set(rows.map((r) => r.language))].sort());
  }, 120_000);
});
