// One issue's review: what every channel would send, the lint findings
// linked to the source lines, and the source itself.
import { anchorId, escapeHtml, externalLink } from './escape.js';
import { issueAnchor, sourceLineAnchor } from './page-links.js';
import { emailCard, feedCard, missingCard, socialCardHtml, artifactLinks } from './render-channels.js';
import { channelChips, findingItem, formatInstant, lintBadges, stateBadge, type RenderContext } from './render-common.js';
import type { IssueReview } from './review-model.js';

function channelCards(review: IssueReview, rc: RenderContext, deferred: boolean): { email: string; others: string[] } {
  const { links, notes, author } = rc;
  const pathsOf = (channel: string): string[] => review.artifacts.filter((a) => a.channel === channel).map((a) => a.path);
  let email = '';
  const others: string[] = [];
  for (const channel of rc.channels) {
    const note = notes.find((n) => n.startsWith(`${channel} (`));
    const why = note ?? `the ${channel} channel wrote nothing for this issue in this run`;
    if (channel === 'email') email = review.email ? emailCard(review.email, review.summary.key, links, pathsOf('email'), deferred) : missingCard('email', 'Email', why);
    else if (channel === 'feed') others.push(review.feed ? feedCard(review.feed, review.summary.language, rc, deferred) : missingCard('feed', 'Feed entry', why));
    else {
      const card = review.social.find((c) => c.channel === channel);
      if (card) others.push(socialCardHtml(card, author, links, pathsOf(channel)));
      else if (pathsOf(channel).length > 0) others.push(`<section class="card channel" data-channel="${escapeHtml(channel)}"><h3>${escapeHtml(channel)}</h3><p class="meta">${artifactLinks(pathsOf(channel), links)}</p></section>`);
      else others.push(missingCard(channel, channel, why));
    }
  }
  return { email, others };
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
  const { email, others } = channelCards(review, rc, deferred);
  return `<article class="issue" id="${issueAnchor(s.key)}" data-issue="${escapeHtml(s.key)}">
<div class="card issue-head">
<h2>${escapeHtml(s.title)}</h2>
<div class="chips">${stateBadge(s)}${lintBadges(s.errors, s.warnings)}${channelChips(s, rc.timeZone)}</div>
<p class="meta">${escapeHtml(formatInstant(s.date, rc.timeZone))}${review.authors.length ? ` · ${escapeHtml(review.authors.join(', '))}` : ''} · <span class="mono">${escapeHtml(s.source)}</span> · ${externalLink(s.canonicalUrl)}</p>
${review.description ? `<p>${escapeHtml(review.description)}</p>` : ''}
${findingsBlock(review)}
</div>
${email}
<div class="grid">${others.join('\n')}</div>
${sourceBlock(review)}
</article>`;
}
