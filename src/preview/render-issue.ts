// One issue's review: what every channel would send, the lint findings
// linked to the source lines, and the source itself.
import { anchorId, escapeHtml, externalLink } from './escape.js';
import { issueAnchor, sourceLineAnchor } from './page-links.js';
import { artifactLinks, cardHtml, missingCard } from './render-channels.js';
import { channelChips, findingItem, formatInstant, lintBadges, stateBadge, type RenderContext } from './render-common.js';
import type { IssueReview } from './review-model.js';

/**
 * Every configured channel gets a place, in publish order: its cards, else its
 * files, else why it has nothing. Message cards (an email at two widths) take
 * the full width above the grid of the others.
 */
function channelCards(review: IssueReview, rc: RenderContext, deferred: boolean): { wide: string[]; others: string[] } {
  const wide: string[] = [];
  const others: string[] = [];
  for (const channel of rc.channels) {
    const artifacts = review.artifacts.filter((a) => a.channel === channel).map((a) => a.path);
    const cards = review.cards.filter((c) => c.channel === channel);
    for (const { card } of cards) {
      (card.kind === 'message' ? wide : others).push(cardHtml(card, { channel, artifacts, deferred }, rc, review.summary.language));
    }
    if (cards.length > 0) continue;
    if (artifacts.length > 0) {
      others.push(`<section class="card channel" data-channel="${escapeHtml(channel)}"><h3>${escapeHtml(channel)}</h3><p class="meta">${artifactLinks(artifacts, rc.links)}</p></section>`);
      continue;
    }
    const note = rc.notes.find((n) => n.startsWith(`${channel} (`));
    others.push(missingCard(channel, channel, note ?? `the ${channel} channel wrote nothing for this issue in this run`));
  }
  return { wide, others };
}

function findingsBlock(review: IssueReview): string {
  if (review.findings.length === 0) return '<p class="meta" data-findings="0">Lint: no findings.</p>';
  const lines = review.sourceLines?.length ?? 0;
  const items = review.findings.map((f) => findingItem(f, f.line > 0 && f.line <= lines ? `#${sourceLineAnchor(review.summary.key, f.line)}` : undefined));
  return `<ul class="findings" data-findings="${review.findings.length}">${items.join('')}</ul>`;
}

function sourceBlock(review: IssueReview): string {
  if (!review.sourceLines) return '';
  const key = review.summary.key;
  const items = review.sourceLines.map((line, i) => `<li id="${sourceLineAnchor(key, i + 1)}">${escapeHtml(line) || ' '}</li>`).join('');
  return `<details class="card" id="${anchorId('source', key)}"><summary>Source · <span class="mono">${escapeHtml(review.summary.source)}</span></summary><ol class="source">${items}</ol></details>`;
}

/** `deferred`: frames load when scrolled near (for issues below the first few of a long page). */
export function renderIssueReview(review: IssueReview, rc: RenderContext, deferred = false): string {
  const s = review.summary;
  const { wide, others } = channelCards(review, rc, deferred);
  return `<article class="issue" id="${issueAnchor(s.key)}" data-issue="${escapeHtml(s.key)}">
<div class="card issue-head">
<h2>${escapeHtml(s.title)}</h2>
<div class="chips">${stateBadge(s)}${lintBadges(s.errors, s.warnings)}${channelChips(s, rc.timeZone)}</div>
<p class="meta">${escapeHtml(formatInstant(s.date, rc.timeZone))}${review.authors.length ? ` · ${escapeHtml(review.authors.join(', '))}` : ''} · <span class="mono">${escapeHtml(s.source)}</span> · ${externalLink(s.canonicalUrl)}</p>
${review.description ? `<p>${escapeHtml(review.description)}</p>` : ''}
${findingsBlock(review)}
</div>
${wide.join('\n')}
<div class="grid">${others.join('\n')}</div>
${sourceBlock(review)}
</article>`;
}
