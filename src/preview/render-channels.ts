// The cards of one issue's review, drawn by kind (src/card.ts): the page
// never asks which channel made a card. Issue content appears only as escaped
// text or inside sandboxed frames (no allow-scripts, no allow-same-origin):
// the rendered email is shown exactly as sent.
import type { Card, FeedEntryCard, FilesCard, MessageCard, PostsCard } from '../card.js';
import { escapeHtml, linkifyText, externalLink } from './escape.js';
import type { PageLinks } from './page-links.js';
import { formatBytes, formatInstant, plural, type RenderContext } from './render-common.js';

/** Links may open in a new tab, outside the sandbox, as a mail client would; nothing else is allowed. */
const SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

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
    + `<iframe data-message="${kind}" title="${escapeHtml(title)}" sandbox="${SANDBOX}" referrerpolicy="no-referrer" ${deferred ? 'data-srcdoc' : 'srcdoc'}="${escapedHtml}"></iframe></figure>`;
}

/** Where a card sits on the page: its channel, and the manifest's files of that channel for the issue. */
export interface CardPlace {
  readonly channel: string;
  readonly artifacts: readonly string[];
  /** Frames load when scrolled near (issues below the first few of a long page). */
  readonly deferred: boolean;
}

function messageCard(card: MessageCard, place: CardPlace, rc: RenderContext): string {
  const srcdoc = escapeHtml(withBaseTarget(card.html));
  const over = card.bytes > card.budget.bytes;
  const size = `HTML ${formatBytes(card.bytes)}${over ? ` — over the budget: ${card.budget.why}` : ` (${card.budget.why})`}`;
  const headers = card.headers.length === 0 ? '<p class="missing">no message headers were written</p>'
    : `<table class="headers">${card.headers.map((h) => `<tr><th>${escapeHtml(h.name)}</th><td title="${escapeHtml(h.raw ?? h.value)}">${escapeHtml(h.value)}</td></tr>`).join('')}</table>`;
  const text = card.text === undefined ? '<p class="missing">no plain-text part was written</p>'
    : `<pre class="plain" data-part="text">${escapeHtml(card.text)}</pre>`;
  const longest = card.text === undefined ? 0 : Math.max(0, ...card.text.split('\n').map((l) => [...l].length));
  const label = card.label;
  return `<section class="card channel" data-channel="${escapeHtml(place.channel)}" data-card="message" id="${escapeHtml(`${place.channel}-${card.issue}`)}">
<h3>${escapeHtml(label)}</h3>
<p class="meta"><span class="size${over ? ' over' : ''}" data-bytes="${card.bytes}" data-budget="${card.budget.bytes}">${escapeHtml(size)}</span> · ${artifactLinks(place.artifacts, rc.links)}</p>
<label class="switch" hidden><input type="checkbox" data-scheme-switch> Dark mode (as a mail client in dark mode shows it)</label>
<div class="frames">
${frame('desktop', 'Desktop · 660 px', srcdoc, `${label} at desktop width`, place.deferred)}
${frame('mobile', 'Mobile · 375 px', srcdoc, `${label} at mobile width`, place.deferred)}
</div>
<details open><summary>Headers of the sample message</summary>${headers}</details>
<details data-part="text"><summary>Plain-text part${card.text === undefined ? '' : ` · ${plural(card.text.split('\n').length, 'line')}, longest ${longest} characters`}</summary>${text}</details>
</section>`;
}

const READER_STYLE = 'body{font:16px/1.6 Georgia,serif;color:#1f2328;margin:12px;max-width:42em}img{max-width:100%;height:auto}pre{white-space:pre-wrap}a{color:#0969da}';

function feedEntryCard(card: FeedEntryCard, place: CardPlace, rc: RenderContext, language: string): string {
  const entry = card.entry;
  if (!entry) return missingCard(place.channel, card.label, card.absent ?? 'this issue has no entry in this run');
  const doc = `<!doctype html><html lang="${escapeHtml(entry.language || language)}"><head><meta charset="utf-8"><base target="_blank"><style>${READER_STYLE}</style></head><body>${entry.contentHtml}</body></html>`;
  const date = entry.published ? formatInstant(entry.published, rc.timeZone) : '';
  const updated = entry.updated && entry.updated !== entry.published ? ` · updated ${formatInstant(entry.updated, rc.timeZone)}` : '';
  return `<section class="card channel" data-channel="${escapeHtml(place.channel)}" data-card="feed-entry">
<h3>${escapeHtml(card.label)}</h3>
<article class="reader">
<div class="source-name">${escapeHtml(card.feedTitle)}</div>
<h4>${externalLink(entry.link, entry.title)}</h4>
<div class="meta">${escapeHtml(date)}${escapeHtml(updated)}${entry.authors.length ? ` · ${escapeHtml(entry.authors.join(', '))}` : ''}</div>
${entry.summary ? `<p>${escapeHtml(entry.summary)}</p>` : ''}
<iframe data-feed-content title="${escapeHtml(`${card.label} content`)}" sandbox="${SANDBOX}" referrerpolicy="no-referrer" ${place.deferred ? 'data-srcdoc' : 'srcdoc'}="${escapeHtml(doc)}"></iframe>
</article>
<p class="meta">id <code>${escapeHtml(entry.id)}</code> · in ${artifactLinks(card.files, rc.links)}</p>
</section>`;
}

function postsCard(card: PostsCard, place: CardPlace, rc: RenderContext): string {
  const posts = card.posts.map((post, i) => {
    const over = post.length > post.limit;
    return `<article class="post" data-post="${i}">
<header><span class="avatar" aria-hidden="true"></span><b>${escapeHtml(rc.author)}</b>${i > 0 ? '<span class="meta">reply</span>' : ''}</header>
<p class="post-text">${linkifyText(post.text)}</p>
<footer><span class="count ${over ? 'over' : 'ok'}" data-length="${post.length}" data-limit="${post.limit}">${post.length} / ${post.limit}</span> <span class="meta">${escapeHtml(post.rule)}${over ? ' — over the limit, the platform would refuse it' : ''}</span></footer>
</article>`;
  }).join('\n');
  return `<section class="card channel" data-channel="${escapeHtml(place.channel)}" data-card="posts">
<h3>${escapeHtml(card.label)}</h3>
<div class="posts">${posts}</div>
<p class="meta">${artifactLinks(place.artifacts, rc.links)}</p>
</section>`;
}

function filesCard(card: FilesCard, place: CardPlace, rc: RenderContext): string {
  const items = card.files.map((f) => `<li><a class="mono" href="${escapeHtml(rc.links.artifact(f.path))}">${escapeHtml(f.path)}</a> — ${escapeHtml(f.description)}</li>`);
  return `<section class="card channel" data-channel="${escapeHtml(place.channel)}" data-card="files">
<h3>${escapeHtml(card.label)}</h3>
${items.length ? `<ul class="files">${items.join('')}</ul>` : '<p class="missing">no files</p>'}
</section>`;
}

/** One card, drawn by its kind. */
export function cardHtml(card: Card, place: CardPlace, rc: RenderContext, language: string): string {
  switch (card.kind) {
    case 'message':
      return messageCard(card, place, rc);
    case 'posts':
      return postsCard(card, place, rc);
    case 'feed-entry':
      return feedEntryCard(card, place, rc, language);
    case 'files':
      return filesCard(card, place, rc);
    default: {
      // A third-party channel in plain JavaScript can return anything: said on the page, never drawn.
      const unknown: { readonly kind?: unknown; readonly label?: unknown } = card;
      return missingCard(place.channel, typeof unknown.label === 'string' ? unknown.label : place.channel, `the channel returned a card of a kind the page does not know: ${JSON.stringify(unknown.kind) ?? 'none'}`);
    }
  }
}

/** A configured channel with no output for this issue, said plainly rather than left out. */
export function missingCard(channel: string, title: string, why: string): string {
  return `<section class="card channel" data-channel="${escapeHtml(channel)}" data-missing><h3>${escapeHtml(title)}</h3><p class="missing">${escapeHtml(why)}</p></section>`;
}

export function artifactLinks(paths: readonly string[], links: PageLinks): string {
  if (paths.length === 0) return 'no files';
  return paths.map((p) => `<a class="mono" href="${escapeHtml(links.artifact(p))}">${escapeHtml(p)}</a>`).join(', ');
}
