// The review page as one pure function of the review model: the static
// out/index.html and every page `publish preview` serves come from here.
import { escapeHtml } from './escape.js';
import { contentSecurityPolicy, PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';
import { staticLinks, type PageLinks } from './page-links.js';
import { channelChips, findingItem, formatInstant, lintBadges, plural, stateBadge, type RenderContext } from './render-common.js';
import { renderIssueReview } from './render-issue.js';
import type { ReviewModel } from './review-model.js';

/** Issues whose frames load with the page; the rest load as they scroll into view. */
const EAGER_REVIEWS = 3;

export type PageView =
  /** The index followed by every rendered issue: the static, self-contained page. */
  | { readonly kind: 'all' }
  | { readonly kind: 'index' }
  | { readonly kind: 'issue'; readonly key: string };

export interface PageOptions {
  readonly view?: PageView;
  readonly links?: PageLinks;
  /** Set by the server: the page reloads itself when a newer build is announced. */
  readonly build?: number;
}

function indexSection(model: ReviewModel, rc: RenderContext): string {
  const links = rc.links;
  const items = model.issues.map((s) => `<li data-issue="${escapeHtml(s.key)}">
<div class="title">${s.rendered ? `<a href="${escapeHtml(links.issue(s.key))}">${escapeHtml(s.title)}</a>` : escapeHtml(s.title)}</div>
<div class="meta">${escapeHtml(formatInstant(s.date, rc.timeZone))} · <span class="mono">${escapeHtml(s.source)}</span>${s.rendered ? '' : ' · not rendered in this run'}</div>
<div class="chips">${stateBadge(s)}${lintBadges(s.errors, s.warnings)}${channelChips(s, rc.timeZone)}</div>
</li>`);
  return `<section id="issues"><h2>Issues · ${plural(model.issues.length, 'issue')}</h2>
${items.length ? `<ul class="issue-list">${items.join('\n')}</ul>` : '<p class="missing">no issue in the content folder</p>'}
</section>`;
}

function notesSection(model: ReviewModel): string {
  const parts: string[] = [];
  if (model.notes.length > 0) {
    // Collapsed: in a dry run without secrets these are expected, and the review itself matters more.
    parts.push(`<details class="card notes" data-notes><summary>A live run would stop here: ${plural(model.notes.length, 'problem')}</summary><ul>${model.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></details>`);
  }
  if (model.otherFindings.length > 0) {
    parts.push(`<section class="card notes"><h3>Other findings</h3><ul class="findings">${model.otherFindings.map((f) => findingItem(f)).join('')}</ul></section>`);
  }
  return parts.join('\n');
}

function document(title: string, body: string, build: number | undefined): string {
  return `<!doctype html>
<html lang="en"${build === undefined ? '' : ` data-build="${build}"`}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(build !== undefined))}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${body}
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

export function renderReviewPage(model: ReviewModel, options: PageOptions = {}): string {
  const view = options.view ?? { kind: 'all' };
  const links = options.links ?? staticLinks;
  const rc: RenderContext = { links, timeZone: model.timeZone, author: model.siteTitle, channels: model.channels, notes: model.notes };
  const header = `<header class="top"><h1><a href="${escapeHtml(links.index)}">Review · ${escapeHtml(model.siteTitle)}</a></h1><span class="meta">${escapeHtml(model.siteUrl)} · channels: ${escapeHtml(model.channels.join(', ') || 'none')}${options.build === undefined ? ' · static page written by publish --dry-run' : ' · live preview'}</span></header>`;
  if (view.kind === 'issue') {
    const review = model.reviews.find((r) => r.summary.key === view.key);
    const body = review
      ? `<nav class="crumbs"><a href="${escapeHtml(links.index)}">← all issues</a></nav>${notesSection(model)}${renderIssueReview(review, rc)}`
      : `<p class="missing">No rendered issue "${escapeHtml(view.key)}". <a href="${escapeHtml(links.index)}">All issues</a></p>`;
    return document(`${review ? review.summary.title : 'Not found'} · review`, `${header}<main>${body}</main>`, options.build);
  }
  const reviews = view.kind === 'all' ? model.reviews.map((r, i) => renderIssueReview(r, rc, i >= EAGER_REVIEWS)).join('\n') : '';
  return document(`Review · ${model.siteTitle}`, `${header}<main>${notesSection(model)}${indexSection(model, rc)}${reviews}</main>`, options.build);
}

/** Shown by the server while the content or config cannot be rendered; it reloads once fixed. */
export function renderErrorPage(message: string, details: readonly string[], build: number | undefined): string {
  const body = `<header class="top"><h1>Review · cannot render</h1></header><main class="error-page"><section class="card notes"><h3>${escapeHtml(message)}</h3>${details.length ? `<pre>${escapeHtml(details.join('\n'))}</pre>` : ''}<p class="meta">Fix the file and save: this page reloads by itself.</p></section></main>`;
  return document('Review · cannot render', body, build);
}
