// Small pieces shared by the index and the issue reviews.
import type { Finding } from '../model.js';
import { escapeHtml } from './escape.js';
import type { PageLinks } from './page-links.js';
import type { IssueSummary } from './review-model.js';

/** What every part of the page needs besides its own data. */
export interface RenderContext {
  readonly links: PageLinks;
  readonly timeZone: string;
  /** Shown as the posting account on the social cards. */
  readonly author: string;
  /** Configured channels, in publish order. */
  readonly channels: readonly string[];
  readonly notes: readonly string[];
}


// Building a DateTimeFormat costs about a millisecond; a page formats hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat | undefined>();

function formatter(timeZone: string): Intl.DateTimeFormat | undefined {
  if (!formatters.has(timeZone)) {
    let format: Intl.DateTimeFormat | undefined;
    try {
      format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      format = undefined;
    }
    formatters.set(timeZone, format);
  }
  return formatters.get(timeZone);
}

/**
 * ISO instants in the site's time zone (from the config, never the machine's),
 * e.g. `2020-11-05` at midnight or `2020-11-05 09:30`, so the page is deterministic.
 */
export function formatInstant(iso: string, timeZone = 'UTC'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const format = formatter(timeZone);
  if (!format) return iso;
  const parts = format.formatToParts(ms);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  const time = `${get('hour')}:${get('minute')}`;
  return time === '00:00' ? day : `${day} ${time}`;
}

export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export type IssueState = 'draft' | 'ready' | 'partly published' | 'published';

/** Only the issue and the ledger decide: the static page must not depend on when it was written. */
export function issueState(summary: IssueSummary): IssueState {
  const published = summary.channels.filter((c) => c.publishedAt).length;
  if (published > 0) return published === summary.channels.length ? 'published' : 'partly published';
  return summary.draft ? 'draft' : 'ready';
}

export function stateBadge(summary: IssueSummary): string {
  const state = issueState(summary);
  const cls = state === 'draft' ? 'draft' : state === 'ready' ? 'ready' : 'published';
  return `<span class="badge ${cls}" data-state="${escapeHtml(state)}">${escapeHtml(state)}</span>`;
}

export function channelChips(summary: IssueSummary, timeZone: string): string {
  return summary.channels.map((c) => c.publishedAt
    ? `<span class="badge published" data-channel-state="${escapeHtml(c.channel)}" title="published ${escapeHtml(formatInstant(c.publishedAt, timeZone))}">${escapeHtml(c.channel)}: published ${escapeHtml(formatInstant(c.publishedAt, timeZone).slice(0, 10))}</span>`
    : `<span class="badge" data-channel-state="${escapeHtml(c.channel)}">${escapeHtml(c.channel)}: not yet</span>`).join('');
}

export function lintBadges(errors: number, warnings: number): string {
  const parts: string[] = [];
  if (errors > 0) parts.push(`<span class="badge error">${plural(errors, 'error')}</span>`);
  if (warnings > 0) parts.push(`<span class="badge warning">${plural(warnings, 'warning')}</span>`);
  if (parts.length === 0) parts.push('<span class="badge published">lint clean</span>');
  return parts.join('');
}

/** One finding; `href` links its file:line to the source view when there is one. */
export function findingItem(finding: Finding, href?: string): string {
  const where = `${finding.file}${finding.line > 0 ? `:${finding.line}` : ''}`;
  const place = href ? `<a class="mono" href="${escapeHtml(href)}">${escapeHtml(where)}</a>` : `<span class="mono">${escapeHtml(where)}</span>`;
  const fix = finding.fix ? ` <span class="fix">fix: ${escapeHtml(finding.fix)}</span>` : '';
  return `<li class="finding ${finding.severity}" data-rule="${escapeHtml(finding.rule)}">${place} <b class="rule">${escapeHtml(finding.severity)} ${escapeHtml(finding.rule)}</b>: ${escapeHtml(finding.message)}${fix}</li>`;
}
