// The README's first command (`npm start`): a dry run of the bundled example,
// examples/xmpp-newsletter, whose config has all seven channels. With no
// credentials at all it renders every channel's artifacts and one review card
// per channel on out/index.html, and sends nothing.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../core/helpers.js';
import { publish } from './live-site.js';

const example = path.join(repoRoot, 'examples/xmpp-newsletter');
const ISSUE = '2020-10-newsletter-10-october';
const URL = 'https://xmpp.org/2020/10/newsletter-10-october/';
/** Every file each channel must write for the October issue, and a line that proves it is the issue's. */
const EXPECTED: Record<string, Record<string, string>> = {
  feed: { 'feed/atom.xml': URL, 'feed/rss.xml': URL, 'feed/feed.json': URL },
  email: { [`${ISSUE}/email.eml`]: 'Subject: The XMPP Newsletter October 2020', [`${ISSUE}/email.html`]: URL, [`${ISSUE}/email.txt`]: URL },
  mastodon: { [`${ISSUE}/mastodon.txt`]: URL },
  twitter: { [`${ISSUE}/twitter.txt`]: URL },
  bluesky: { [`${ISSUE}/bluesky.txt`]: URL, [`${ISSUE}/bluesky.json`]: '"$type": "app.bsky.richtext.facet#link"' },
  'xmpp-pubsub': { [`${ISSUE}/pubsub-entry.xml`]: `<link rel="alternate" type="text/html" href="${URL}"/>` },
  'xmpp-muc': { [`${ISSUE}/muc.txt`]: URL },
};

describe('publish --dry-run on the example (all seven channels)', () => {
  it('renders every channel\'s artifacts and review card without any credential, and sends nothing', { timeout: 120_000 }, async () => {
    const dir = tempDir('np-example-');
    cpSync(example, dir, { recursive: true });
    const config = readFileSync(path.join(dir, 'publish.config.yaml'), 'utf8');
    expect([...config.matchAll(/^ {2}- name: (\S+)$/gm)].map((m) => m[1])).toEqual(Object.keys(EXPECTED));

    // A separate process with no environment but PATH and HOME: no credential of any channel.
    const run = await publish({ dir, env: {}, subscribers: [] }, ['--dry-run', '--out', 'out']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('dry run: nothing was sent');
    const out = path.join(dir, 'out');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { artifacts: Array<{ channel: string; path: string }> };
    const page = readFileSync(path.join(out, 'index.html'), 'utf8');
    for (const [channel, files] of Object.entries(EXPECTED)) {
      expect(run.stdout, channel).toMatch(new RegExp(`^ok\\s+${channel}\\s.*rendered`, 'm'));
      expect(manifest.artifacts.filter((a) => a.channel === channel).map((a) => a.path).sort(), channel).toEqual(Object.keys(files).sort());
      for (const [file, proof] of Object.entries(files)) expect(readFileSync(path.join(out, file), 'utf8'), file).toContain(proof);
      // One card per channel on the review page, linking what the channel wrote.
      const cards = page.split('<section class="card channel"').slice(1).filter((card) => card.startsWith(` data-channel="${channel}"`));
      expect(cards, `${channel} card`).toHaveLength(1);
      if (channel !== 'feed' && channel !== 'email') for (const file of Object.keys(files)) expect(cards[0], `${channel} card`).toContain(`href="${file}"`);
    }
    expect(existsSync(path.join(dir, '.publish/ledger.json'))).toBe(false);
  });
});
