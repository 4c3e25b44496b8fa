// The per-channel cards of one issue's review. Issue content appears only as
// escaped text or inside sandboxed frames (no allow-scripts, no
// allow-same-origin): the rendered email is shown exactly as sent.
import { escapeHtml, linkifyText, externalLink } from './escape.js';
import type { PageLinks } from './page-links.js';
import { formatBytes, formatInstant, plural, type RenderContext } from './render-common.js';
import type { EmailReview, FeedReview } from './review-model.js';
import type { SocialCard } from './social.js';

/** Links may open in a new tab, outside the sandbox, as a mail client would; nothing else is allowed. */
const SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';
/** Gmail clips messages above about 102 KB and hides the rest, unsubscribe link included. */
const GMAIL_CLIP = 102 * 1024;

/** Links in the artifact open in a new tab instead of replacing the small frame. */
function withBaseTarget(html: string): string {
  if (/<base\s/i.test(html)) return html;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head([^>]*)>/i, '<head$1><base target="_blank">') : `<base target="_blank">${html}`;
}

/**
 * `escapedHtml` is already attribute-escaped: both widths share one escape of a 50 KB email.
 * A deferred frame keeps its document in `data-srcdoc` until the page script sees it near the
 * viewport: a release of 70 issues is 200 frames, and Chromium loads srcdoc frames eagerly.
 */
function frame(kind: 'desktop' | 'mobile', caption: string, escapedHtml: string, title: string, deferred: boolean): string {
  const fitted = kind === 'mobile' ? '<span class="fitted"> · fitted to this screen</span>' : '';
  return `<figure class="frame ${kind}"><figcaption>${escapeHtml(caption)}${fitted}</figcaption>`
    + `<iframe data-email="${kind}" title="${escapeHtml(title)}" sandbox="${SANDBOX}" referrerpolicy="no-referrer" ${deferred ? 'data-srcdoc' : 'srcdoc'}="${escapedHtml}"></iframe></figure>`;
}

export function emailCard(email: EmailReview | undefined, issueKey: string, links: PageLinks, artifacts: readonly string[], deferred = false): string {
  if (!email) return missingCard('email', 'Email', 'the email channel wrote no HTML for this issue in this run');
  const srcdoc = escapeHtml(withBaseTarget(email.html));
  const size = `HTML ${formatBytes(email.htmlBytes)}${email.htmlBytes > GMAIL_CLIP ? ' — over the ~102 KB Gmail clips at' : ' (Gmail clips at ~102 KB)'}`;
  const headers = email.headers.length === 0 ? '<p class="missing">no .eml was written</p>'
    : `<table class="headers">${email.headers.map((h) => `<tr><th>${escapeHtml(h.name)}</th><td title="${escapeHtml(h.raw)}">${escapeHtml(h.value)}</td></tr>`).join('')}</table>`;
  const text = email.text === undefined ? '<p class="missing">no plain-text part was written</p>'
    : `<pre class="plain" data-part="text">${escapeHtml(email.text)}</pre>`;
  const longest = email.text === undefined ? 0 : Math.max(0, ...email.text.split('\n').map((l) => [...l].length));
  return `<section class="card channel" data-channel="email" id="${escapeHtml(`email-${issueKey}`)}">
<h3>Email</h3>
<p class="meta">${escapeHtml(size)} · ${artifactLinks(artifacts, links)}</p>
<label class="switch" hidden><input type="checkbox" data-scheme-switch> Dark mode (as a mail client in dark mode shows it)</label>
<div class="frames">
${frame('desktop', 'Desktop · 660 px', srcdoc, 'Email at desktop width', deferred)}
${frame('mobile', 'Mobile · 375 px', srcdoc, 'Email at mobile width', deferred)}
</div>
<details open><summary>Headers of the sample message (.eml)</summary>${headers}</details>
<details data-part="text"><summary>Plain-text part${email.text === undefined ? '' : ` · ${plural(email.text.split('\n').length, 'line')}, longest ${longest} characters`}</summary>${text}</details>
</section>`;
}

const READER_STYLE = 'body{font:16px/1.6 Georgia,serif;color:#1f2328;margin:12px;max-width:42em}img{max-width:100%;height:auto}pre{white-space:pre-wrap}a{color:#0969da}';

export function feedCard(feed: FeedReview | undefined, language: string, rc: RenderContext, deferred = false): string {
  const links = rc.links;
  if (!feed) return missingCard('feed', 'Feed entry', 'the feed channel wrote no feed in this run');
  const entry = feed.entry;
  if (!entry) return missingCard('feed', 'Feed entry', 'this issue is not in the rendered feeds (drafts and issues past the feed\'s entry limit are left out)');
  const doc = `<!doctype html><html lang="${escapeHtml(entry.language || language)}"><head><meta charset="utf-8"><base target="_blank"><style>${READER_STYLE}</style></head><body>${entry.contentHtml}</body></html>`;
  const date = entry.published ? formatInstant(entry.published, rc.timeZone) : '';
  const updated = entry.modified && entry.modified !== entry.published ? ` · updated ${formatInstant(entry.modified, rc.timeZone)}` : '';
  return `<section class="card channel" data-channel="feed">
<h3>Feed entry</h3>
<article class="reader">
<div class="feed-name">${escapeHtml(entry.feedTitle)}</div>
<h4>${externalLink(entry.url, entry.title)}</h4>
<div class="meta">${escapeHtml(date)}${escapeHtml(updated)}${entry.authors.length ? ` · ${escapeHtml(entry.authors.join(', '))}` : ''}</div>
${entry.summary ? `<p>${escapeHtml(entry.summary)}</p>` : ''}
<iframe data-feed-content title="Feed entry content" sandbox="${SANDBOX}" referrerpolicy="no-referrer" ${deferred ? 'data-srcdoc' : 'srcdoc'}="${escapeHtml(doc)}"></iframe>
</article>
<p class="meta">id <code>${escapeHtml(entry.id)}</code> · in ${artifactLinks(feed.files, links)}</p>
</section>`;
}

const TITLES: Record<string, string> = { mastodon: 'Mastodon', twitter: 'Twitter / X' };

export function socialCardHtml(card: SocialCard, author: string, links: PageLinks, artifacts: readonly string[]): string {
  const posts = card.posts.map((post, i) => {
    const over = post.length > card.limit;
    return `<article class="post ${escapeHtml(card.channel)}" data-post="${i}">
<header><span class="avatar" aria-hidden="true"></span><b>${escapeHtml(author)}</b>${i > 0 ? '<span class="meta">reply</span>' : ''}</header>
<p class="post-text">${linkifyText(post.text)}</p>
<footer><span class="count ${over ? 'over' : 'ok'}" data-length="${post.length}" data-limit="${card.limit}">${post.length} / ${card.limit}</span> <span class="meta">${escapeHtml(card.rule)}${over ? ' — over the limit, the platform would refuse it' : ''}</span></footer>
</article>`;
  }).join('\n');
  return `<section class="card channel" data-channel="${escapeHtml(card.channel)}">
<h3>${escapeHtml(TITLES[card.channel] ?? card.channel)}</h3>
<div class="posts">${posts}</div>
<p class="meta">${artifactLinks(artifacts, links)}</p>
</section>`;
}

/** A configured channel with no output for this issue, said plainly rather than left out. */
export function missingCard(channel: string, title: string, why: string): string {
  return `<section class="card channel" data-channel="${escapeHtml(channel)}" data-missing><h3>${escapeHtml(title)}</h3><p class="missing">${escapeHtml(why)}</p></section>`;
}

export function artifactLinks(paths: readonly string[], links: PageLinks): string {
  if (paths.length === 0) return 'no files';
  return paths.map((p) => `<a class="mono" href="${escapeHtml(links.artifact(p))}">${escapeHtml(p)}</a>`).join(', ');
}
