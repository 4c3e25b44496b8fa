// Social announcements: render time of the mastodon and twitter channels on
// the October 2020 seed, and compose time on a hostile title (400 emoji
// without spaces, where twitter-text's URL pattern backtracks badly).
// Run `npx tsc -p .` first: imports the compiled code from dist/.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createMastodonChannel } = await import(`${root}/dist/channels/mastodon/index.js`);
const { createTwitterChannel } = await import(`${root}/dist/channels/twitter/index.js`);
const { compose, loadTemplate, defaultTemplateDir, twitterCounter, mastodonCounter } = await import(`${root}/dist/channels/announcement/index.js`);
const { parseIssueText } = await import(`${root}/dist/src/parse/issue.js`);

const config = {
  file: `${root}/publish.config.yaml`, root,
  site: { url: 'https://xmpp.org', host: 'xmpp.org', title: 'The XMPP Newsletter', description: '', language: 'en', languages: ['en'], timezone: 'Europe/Berlin' },
  content: `${root}/content`, permalink: '/:year/:month/:slug/', ledger: `${root}/.publish/ledger.json`, stateDir: `${root}/.publish`, channels: [],
};
const seed = path.resolve(root, '../shared/seeds/000_fb307372a97273fe.txt');
if (!existsSync(seed)) {
  console.log(`social: seed not found at ${seed}; skipped`);
  process.exit(0);
}
const issue = parseIssueText(readFileSync(seed, 'utf8'), seed, config).issue;
const log = { info() {}, warn() {}, error() {}, redact: (s) => s };
const ctx = (options) => ({ options, config, env: {}, cwd: root, log, archive: [], ledger: { published: () => undefined }, stateDir: '/tmp', progress: () => ({ update() {}, done() {} }), signal: new AbortController().signal });

function median(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
async function medianAsync(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
const line = (label, ms, target) => console.log(`social: ${label} median ${ms.toFixed(2)} ms (target < ${target} ms) ${ms < target ? 'OK' : 'SLOW'}`);

const mastodon = createMastodonChannel();
const twitter = createTwitterChannel();
const mCtx = ctx(mastodon.parseOptions({ hashtags: ['XMPP', 'Jabber'], thread: true }, {}, config));
const tCtx = ctx(twitter.parseOptions({ hashtags: ['XMPP'] }, {}, config));
line('mastodon render (seed, with thread)', await medianAsync(() => mastodon.render(issue, mCtx), 50), 20);
line('twitter render (seed)', await medianAsync(() => twitter.render(issue, tCtx), 50), 20);

const template = loadTemplate(defaultTemplateDir(), 'en').source;
const hostile = { title: '👨‍👩‍👧‍👦'.repeat(400), url: 'https://xmpp.org/2020/10/newsletter-10-october/', summary: '', highlights: ['MongooseIM 4.0', 'Openfire 4.6.0'], hashtags: ['#XMPP', '#Jabber'], language: 'en' };
line('twitter compose (400 emoji title)', median(() => compose(template, hostile, twitterCounter(), 280), 20), 100);
line('mastodon compose (400 emoji title, limit 300)', median(() => compose(template, hostile, mastodonCounter(), 300), 20), 100);
