// Everything the review page shows, gathered once from a dry run: the
// manifest, the cards the channels' renders returned, and the run's context
// (issues, ledger, config). The page renderer is a pure function of this model.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChannelCard } from '../card.js';
import type { DryRunReview, ManifestEntry, ReviewContext } from '../manifest.js';
import type { Finding, Issue } from '../model.js';

export interface ChannelState {
  readonly channel: string;
  /** When the ledger records this channel as published for the issue. */
  readonly publishedAt?: string;
}

export interface IssueSummary {
  readonly key: string;
  readonly id: string;
  readonly title: string;
  readonly date: string;
  readonly source: string;
  readonly draft: boolean;
  readonly language: string;
  readonly canonicalUrl: string;
  readonly channels: readonly ChannelState[];
  readonly errors: number;
  readonly warnings: number;
  /** True when this run rendered the issue, so it has a review of its own. */
  readonly rendered: boolean;
}

export interface IssueReview {
  readonly summary: IssueSummary;
  readonly authors: readonly string[];
  readonly description: string;
  readonly findings: readonly Finding[];
  /** The Markdown source, one string per line, for the findings' line links. */
  readonly sourceLines?: readonly string[];
  /** The channels' cards for this issue, in publish order. */
  readonly cards: readonly ChannelCard[];
  readonly artifacts: readonly ManifestEntry[];
}

export interface ReviewModel {
  readonly siteTitle: string;
  readonly siteUrl: string;
  /** IANA zone dates are shown in (the site's, from the config). */
  readonly timeZone: string;
  /** Configured channels, in publish order. */
  readonly channels: readonly string[];
  /** Every issue of the archive, newest first. */
  readonly issues: readonly IssueSummary[];
  /** The issues this run rendered, newest first. */
  readonly reviews: readonly IssueReview[];
  /** Findings about files that did not become an issue (or are not rendered here). */
  readonly otherFindings: readonly Finding[];
  /** Problems a live run would stop on (missing secrets, unavailable channels), already redacted. */
  readonly notes: readonly string[];
}

function summarise(issue: Issue, context: ReviewContext, findings: readonly Finding[], rendered: boolean): IssueSummary {
  const own = findings.filter((f) => f.file === issue.source);
  return {
    key: issue.key, id: issue.id, title: issue.title, date: issue.date, source: issue.source, draft: issue.draft,
    language: issue.language, canonicalUrl: issue.canonicalUrl,
    channels: context.config.channels.map(({ name }) => {
      const at = context.ledger.published(issue.id, name)?.at;
      return at ? { channel: name, publishedAt: at } : { channel: name };
    }),
    errors: own.filter((f) => f.severity === 'error').length,
    warnings: own.filter((f) => f.severity === 'warning').length,
    rendered,
  };
}

export function buildReviewModel({ manifest, cards, context }: Omit<DryRunReview, 'outDir'>, notes: readonly string[] = []): ReviewModel {
  const targetKeys = new Set(context.targets.map((t) => t.key));
  const newestFirst = (a: Issue, b: Issue): number => b.date.localeCompare(a.date) || a.key.localeCompare(b.key);
  const reviews = [...context.targets].sort(newestFirst).map((issue): IssueReview => {
    const artifacts = manifest.artifacts.filter((a) => a.issue === issue.key);
    let sourceLines: string[] | undefined;
    try {
      sourceLines = readFileSync(path.resolve(context.config.root, issue.source), 'utf8').replace(/\r\n?/g, '\n').split('\n');
    } catch {
      sourceLines = undefined;
    }
    return {
      summary: summarise(issue, context, manifest.findings, true),
      authors: issue.authors,
      description: issue.summary,
      findings: manifest.findings.filter((f) => f.file === issue.source),
      sourceLines,
      cards: cards.filter((c) => c.card.issue === issue.key),
      artifacts,
    };
  });
  const sources = new Set(context.targets.map((t) => t.source));
  return {
    siteTitle: context.config.site.title,
    siteUrl: context.config.site.url,
    timeZone: context.config.site.timezone,
    channels: context.config.channels.map((c) => c.name),
    issues: [...context.archive].sort(newestFirst).map((issue) => summarise(issue, context, manifest.findings, targetKeys.has(issue.key))),
    reviews,
    otherFindings: manifest.findings.filter((f) => !sources.has(f.file)),
    notes,
  };
}
