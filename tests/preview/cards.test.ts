// Review cards drawn by kind: a channel that exists only in this file joins
// through the public registry and shows its cards on the static page and on
// the preview server's page, and the seven built-in channels each show theirs.
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { defineChannel, registerChannel, type Card, type Channel, type Issue } from '../../src/index.js';
import { renderReviewPage } from '../../src/preview/render-page.js';
import type { ReviewModel } from '../../src/preview/review-model.js';
import { createPreviewServer } from '../../src/preview/server.js';
import { bundledIssue, copyProject } from './helpers.js';

const OCTOBER = '2020-10-newsletter-10-october';
const NOVEMBER_DRAFT = 'content/2020-12-08-newsletter.md';

interface NotebookPayload {
  readonly line: string;
}

/** The throwaway channel: one "post" per issue, counted in code points, and a file of its own. */
const notebook: Channel<{ limit: number }, NotebookPayload, { at: string }> = {
  name: 'notebook',
  scope: 'issue',
  phase: 1,
  parseOptions: (raw) => ({ limit: typeof (raw as { limit?: unknown }).limit === 'number' ? (raw as { limit: number }).limit : 100 }),
  verify: async () => undefined,
  render: async (issue: Issue, ctx) => {
    const line = `Noted: ${issue.title} ${issue.canonicalUrl}`;
    return {
      artifacts: [{ issue: issue.key, path: `${issue.key}/notebook.md`, mediaType: 'text/markdown', content: `# ${issue.title}\n` }],
      payload: { line },
      cards: [
        { kind: 'posts', issue: issue.key, label: 'Lab <b>notebook</b>', posts: [{ text: line, length: [...line].length, limit: ctx.options.limit, rule: 'code points' }] },
        { kind: 'files', issue: issue.key, label: 'Notebook page', files: [{ path: `${issue.key}/notebook.md`, description: 'the page the notebook <em>would</em> get' }] },
      ],
    };
  },
  publish: async () => ({ at: 'never in these tests' }),
  describe: (receipt) => `noted ${receipt.at}`,
};
registerChannel('notebook', async () => defineChannel(notebook));

/** The fixture project plus the notebook channel (limit 40: the October post is over it). */
function projectWithNotebook(): string {
  const project = copyProject();
  const configFile = path.join(project, 'publish.config.yaml');
  writeFileSync(configFile, `${readFileSync(configFile, 'utf8')}  - name: notebook\n    limit: 40\n`);
  return project;
}

/** `publish --dry-run` through the CLI in process: the caller that writes out/index.html. */
async function cliDryRun(project: string, ...files: string[]): Promise<{ code: number; html: string }> {
  const out = path.join(project, 'out');
  const sink = { write: (): boolean => true };
  const code = await main({ argv: ['--dry-run', '--out', out, ...files], cwd: project, env: {}, stdout: sink, stderr: sink });
  return { code, html: readFileSync(path.join(out, 'index.html'), 'utf8') };
}

/** The review of one issue: from its <article> to the next one. */
function issueSection(html: string, key: string): string {
  const start = html.indexOf(`<article class="issue" id="issue-${key}"`);
  if (start === -1) throw new Error(`no review of ${key} on the page`);
  const end = html.indexOf('<article class="issue"', start + 1);
  return html.slice(start, end === -1 ? undefined : end);
}

/** Every card section of a channel in a review, as HTML. */
function sections(review: string, channel: string): string[] {
  return [...review.matchAll(/<section class="card channel"[^>]*>[\s\S]*?<\/section>/g)]
    .map((m) => m[0])
    .filter((s) => s.includes(`data-channel="${channel}"`));
}

/** `base`: where the page links artifacts (relative on the static page, /out/ on the server). */
function expectNotebookCards(review: string, base: string): void {
  const cards = sections(review, 'notebook');
  expect(cards.map((c) => /data-card="([a-z-]+)"/.exec(c)?.[1])).toEqual(['posts', 'files']);
  const [posts, files] = cards;
  // The card's own label, escaped: a channel's words never become markup on the page.
  expect(posts).toContain('<h3>Lab &lt;b&gt;notebook&lt;/b&gt;</h3>');
  const length = [...`Noted: The XMPP Newsletter October 2020 https://xmpp.org/2020/10/newsletter-10-october/`].length;
  expect(posts).toContain(`data-length="${length}" data-limit="40">${length} / 40</span>`);
  expect(posts).toContain('code points — over the limit');
  expect(posts).toContain(`href="${base}${OCTOBER}/notebook.md"`);
  expect(files).toContain(`href="${base}${OCTOBER}/notebook.md"`);
  expect(files).toContain('the page the notebook &lt;em&gt;would&lt;/em&gt; get');
}

describe('a channel defined only in this test file', () => {
  it('shows its posts and files cards on the page a CLI dry run writes', async () => {
    const project = projectWithNotebook();
    const { html } = await cliDryRun(project);
    expect(JSON.parse(readFileSync(path.join(project, 'out/manifest.json'), 'utf8')).artifacts).toContainEqual({ issue: OCTOBER, channel: 'notebook', path: `${OCTOBER}/notebook.md`, mediaType: 'text/markdown' });
    expectNotebookCards(issueSection(html, OCTOBER), '');
    // Listed with the configured channels, not reported as missing.
    expect(html).toContain('channels: feed, email, mastodon, twitter, notebook');
    expect(issueSection(html, OCTOBER)).not.toContain('data-missing');
  });

  it('shows the same cards on the preview server\'s issue page', async () => {
    const project = projectWithNotebook();
    const sink = { write: (): boolean => true };
    const server = await createPreviewServer({ cwd: project, env: {}, stdout: sink, stderr: sink, file: bundledIssue });
    try {
      const page = await get(server.startUrl);
      expect(page.status).toBe(200);
      expectNotebookCards(issueSection(page.body, OCTOBER), '/out/');
      const file = await get(`${server.url}out/${OCTOBER}/notebook.md`);
      expect(file.body).toBe('# The XMPP Newsletter October 2020\n');
    } finally {
      await server.close();
    }
  });
});

describe('the seven built-in channels', () => {
  /** The fixture project with the example's three XMPP and Bluesky channels added. */
  function sevenChannels(): string {
    const project = copyProject();
    const configFile = path.join(project, 'publish.config.yaml');
    writeFileSync(configFile, `${readFileSync(configFile, 'utf8')}  - name: bluesky
    hashtags: [XMPP]
  - name: xmpp-pubsub
    service: news.xmpp.org
    node: News
  - name: xmpp-muc
    room: commteam@muc.xmpp.org
    nick: XMPP Newsletter
`);
    return project;
  }

  it('each show their card, of the kind the channel chose, for the ready issue', async () => {
    const project = sevenChannels();
    const { html } = await cliDryRun(project);
    const review = issueSection(html, OCTOBER);
    const kinds: Record<string, string> = { feed: 'feed-entry', email: 'message', mastodon: 'posts', twitter: 'posts', bluesky: 'posts', 'xmpp-pubsub': 'feed-entry', 'xmpp-muc': 'posts' };
    for (const [channel, kind] of Object.entries(kinds)) {
      const cards = sections(review, channel);
      expect(cards, channel).toHaveLength(1);
      expect(cards[0], channel).toContain(`data-card="${kind}"`);
      expect(cards[0], channel).not.toContain('data-missing');
    }
    // Limits as each platform counts them.
    expect(sections(review, 'mastodon')[0]).toMatch(/data-length="\d+" data-limit="500"/);
    expect(sections(review, 'twitter')[0]).toMatch(/data-length="\d+" data-limit="280"/);
    expect(sections(review, 'bluesky')[0]).toMatch(/data-length="\d+" data-limit="300"/);
    expect(sections(review, 'xmpp-muc')[0]).toMatch(/data-length="\d+" data-limit="1000"/);
    // The email: its size against the Gmail clip, the sample headers.
    expect(sections(review, 'email')[0]).toMatch(/data-bytes="\d+" data-budget="104448"/);
    expect(sections(review, 'email')[0]).toContain('<th>List-Unsubscribe-Post</th>');
    // Both entries name the files that carry them.
    expect(sections(review, 'feed')[0]).toContain('href="feed/atom.xml"');
    expect(sections(review, 'feed')[0]).toContain('tag:xmpp.org,2020-11-05:/2020/10/newsletter-10-october/');
    expect(sections(review, 'xmpp-pubsub')[0]).toContain(`href="${OCTOBER}/pubsub-entry.xml"`);
    expect(sections(review, 'xmpp-pubsub')[0]).toContain('news.xmpp.org · News');
  });

  it('a draft under review gets the feed\'s reason for leaving it out, and every other card', async () => {
    const project = sevenChannels();
    const { html } = await cliDryRun(project, NOVEMBER_DRAFT);
    const review = issueSection(html, '2020-11-newsletter-11-november');
    const feed = sections(review, 'feed');
    expect(feed).toHaveLength(1);
    expect(feed[0]).toContain('data-missing');
    expect(feed[0]).toContain('drafts are left out of the feeds');
    for (const channel of ['email', 'mastodon', 'twitter', 'bluesky', 'xmpp-pubsub', 'xmpp-muc']) {
      expect(sections(review, channel)[0], channel).not.toContain('data-missing');
    }
  });
});

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a card of a kind the page does not know', () => {
  it('is said on the page as such, escaped, and the page still renders', () => {
    const card = { kind: '<video>', issue: 'k', label: 'Odd' } as unknown as Card;
    const model: ReviewModel = {
      siteTitle: 's', siteUrl: 'https://example.org', timeZone: 'UTC', channels: ['odd'], issues: [], otherFindings: [], notes: [],
      reviews: [{
        summary: { key: 'k', id: 'i', title: 't', date: '2020-01-01T00:00:00Z', source: 's.md', draft: false, language: 'en', canonicalUrl: 'https://example.org/t/', channels: [], errors: 0, warnings: 0, rendered: true },
        authors: [], description: '', findings: [], artifacts: [], cards: [{ channel: 'odd', card }],
      }],
    };
    const odd = sections(renderReviewPage(model), 'odd');
    expect(odd).toHaveLength(1);
    expect(odd[0]).toContain('data-missing');
    expect(odd[0]).toContain('<h3>Odd</h3>');
    expect(odd[0]).toContain('a kind the page does not know: &quot;&lt;video&gt;&quot;');
  });
});
