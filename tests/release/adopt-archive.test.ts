// A newsletter with years of back issues adopts the tool: its content folder is
// the real XSF archive (every final issue and translation INDEX.tsv lists) plus
// this month's issue, and the ledger is empty. `publish release`, as CI runs it
// on merge, must send this month's issue once and nothing of the archive: every
// reader gets one message, each platform one post. Then a back issue is edited,
// and a release sends nothing.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpusIndex } from '../corpus-index.js';
import { corpusRoot, hasShared } from '../core/helpers.js';
import { fixtureProject } from '../fixtures/project.js';
import { createLiveSite, publish, type LiveSite } from './live-site.js';
import { startClassicServers, type ClassicServers } from './servers.js';

const xsf = path.join(corpusRoot, 'xsf');
// Every final file of the Hugo era, in every language (translations are back issues too).
const rows = hasShared ? readCorpusIndex(xsf).filter((r) => r.file.startsWith('hugo/') && r.kind === 'final') : [];
const NEW_URL = 'https://xmpp.org/2026/11/the-xmpp-newsletter-november-2026/';

let servers: ClassicServers;
beforeAll(async () => {
  servers = await startClassicServers({ keepRaw: true });
});
afterAll(async () => servers?.stop());

/** The archive under its Hugo names, and this month's issue: the fixture's October 2020 text, dated yesterday. */
function adoptedSite(): LiveSite {
  const site = createLiveSite({ subscribers: 12, env: {} });
  for (const row of rows) copyFileSync(path.join(xsf, row.file), path.join(site.dir, 'content', path.basename(row.originalPath)));
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const issue = readFileSync(path.join(fixtureProject, 'content/2020-11-05-newsletter.md'), 'utf8')
    .replace('title: The XMPP Newsletter October 2020', 'title: The XMPP Newsletter November 2026')
    .replace('date: 2020-11-05', `date: ${yesterday}`)
    .replace('"/2020/10/newsletter-10-october/"', '"/2026/11/the-xmpp-newsletter-november-2026/"');
  // (The live site's seed, the October 2020 issue, was overwritten by the archive's own copy of it.)
  writeFileSync(path.join(site.dir, 'content/2026-11-30-newsletter.md'), issue);
  mkdirSync(path.join(site.dir, '.publish'), { recursive: true });
  return site;
}

const mailsTo = (site: LiveSite) => servers.smtp.received.filter((m) => m.envelopeTo.some((to) => site.subscribers.includes(to)));

describe.skipIf(rows.length === 0)('adopting the tool with an archive of back issues', () => {
  it('the first release sends this month\'s issue once to every reader and posts it once; the archive stays unsent, in one plan line per channel', async () => {
    expect(rows.length).toBeGreaterThan(10);
    const site = adoptedSite();
    const before = { statuses: servers.mastodon.statuses.length, tweets: servers.twitter.tweets.length };

    const dry = await publish(site, ['release', '--dry-run', '--out', 'out'], servers.env);
    const plan = dry.stdout.split('\n').filter((l) => l.startsWith('plan '));
    // One summary line per channel for the whole archive, then the new issue on each channel.
    for (const channel of ['feed', 'email', 'mastodon', 'twitter']) {
      expect(plan, dry.stdout).toContainEqual(expect.stringMatching(new RegExp(`^plan ${channel}\\s+${rows.length} back issues, .* skip — archive: older than 2026-11-the-xmpp-newsletter-november-2026`)));
      expect(plan).toContainEqual(expect.stringMatching(new RegExp(`^plan ${channel}\\s+2026-11-the-xmpp-newsletter-november-2026\\s+publish$`)));
    }
    expect(plan).toHaveLength(8);
    // The archive's own lint errors (the real files have some) are not this release's business.
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);

    const live = await publish(site, ['release'], servers.env);
    expect(live.code, live.stdout + live.stderr).toBe(0);
    const mails = mailsTo(site);
    expect(mails).toHaveLength(site.subscribers.length);
    expect(new Set(mails.flatMap((m) => m.envelopeTo))).toEqual(new Set(site.subscribers));
    expect(mails.every((m) => /^Subject: The XMPP Newsletter November 2026/m.test(m.raw.toString('utf8')))).toBe(true);
    expect(servers.mastodon.statuses.slice(before.statuses).map((s) => s.text.includes(NEW_URL))).toEqual([true]);
    expect(servers.twitter.tweets.slice(before.tweets).map((t) => t.text.includes(NEW_URL))).toEqual([true]);
    // The feed lists the archive as it is.
    const atom = readFileSync(path.join(site.dir, 'public/feed/atom.xml'), 'utf8');
    expect(atom).toContain(NEW_URL);
    expect(atom).toContain('The XMPP Newsletter October 2024');

    // A back issue is edited (a typo fixed): a release sends nothing, posts nothing.
    const back = path.join(site.dir, 'content', path.basename(rows[0].originalPath));
    writeFileSync(back, readFileSync(back, 'utf8') + '\nA typo fixed.\n');
    const again = await publish(site, ['release'], servers.env);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(mailsTo(site)).toHaveLength(site.subscribers.length);
    expect(servers.mastodon.statuses.length).toBe(before.statuses + 1);
    expect(servers.twitter.tweets.length).toBe(before.tweets + 1);
  }, 180_000);
});
