// Everything the review page shows, gathered once from a dry run's output
// (manifest + artifacts on disk) and the run's context (issues, ledger,
// config). The page renderer is a pure function of this model.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding, Issue } from '../model.js';
import type { Manifest, ManifestEntry, ReviewContext } from '../output.js';
import { parseEmlHeaders, type MailHeader } from './eml-headers.js';
import { findFeedEntry, type FeedEntry } from './feed-entry.js';
import { isSocialChannel, socialCard, type SocialCard } from './social.js';

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

export interface EmailReview {
  readonly html: string;
  readonly htmlBytes: number;
  readonly text?: string;
  readonly headers: readonly MailHeader[];
}

export interface FeedReview {
  readonly entry?: FeedEntry;
  /** Feed files that carry the entry. */
  readonly files: readonly string[];
}

export interface IssueReview {
  readonly summary: IssueSummary;
  readonly authors: readonly string[];
  readonly description: string;
  readonly findings: readonly Finding[];
  /** The Markdown source, one string per line, for the findings' line links. */
  readonly sourceLines?: readonly string[];
  readonly email?: EmailReview;
  readonly feed?: FeedReview;
  readonly social: readonly SocialCard[];
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

function readText(outDir: string, rel: string): string | undefined {
  try {
    return readFileSync(path.join(outDir, rel), 'utf8');
  } catch {
    return undefined;
  }
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

function emailReview(outDir: string, entries: readonly ManifestEntry[]): EmailReview | undefined {
  const find = (suffix: string): string | undefined => {
    const entry = entries.find((e) => e.channel === 'email' && e.path.endsWith(suffix));
    return entry ? readText(outDir, entry.path) : undefined;
  };
  const html = find('.html');
  if (html === undefined) return undefined;
  const eml = find('.eml');
  return { html, htmlBytes: Buffer.byteLength(html, 'utf8'), text: find('.txt'), headers: eml ? parseEmlHeaders(eml) : [] };
}

function feedReview(outDir: string, feedFiles: readonly ManifestEntry[], issue: Issue): FeedReview | undefined {
  if (feedFiles.length === 0) return undefined;
  let entry: FeedEntry | undefined;
  const files: string[] = [];
  const xmlId = issue.id.replace(/&/g, '&amp;');
  for (const file of feedFiles) {
    const text = readText(outDir, file.path);
    if (text === undefined) continue;
    if (file.path.endsWith('.json')) {
      const found = findFeedEntry(text, issue.id, issue.canonicalUrl);
      if (found) {
        entry ??= found;
        files.push(file.path);
      }
    } else if (text.includes(xmlId)) {
      files.push(file.path);
    }
  }
  return { entry, files };
}

export function buildReviewModel(outDir: string, manifest: Manifest, context: ReviewContext, notes: readonly string[] = []): ReviewModel {
  const targetKeys = new Set(context.targets.map((t) => t.key));
  const newestFirst = (a: Issue, b: Issue): number => b.date.localeCompare(a.date) || a.key.localeCompare(b.key);
  const feedFiles = manifest.artifacts.filter((a) => a.channel === 'feed' && a.issue === null);
  const reviews = [...context.targets].sort(newestFirst).map((issue): IssueReview => {
    const artifacts = manifest.artifacts.filter((a) => a.issue === issue.key);
    const social: SocialCard[] = [];
    for (const channel of [...new Set(artifacts.map((a) => a.channel))].filter(isSocialChannel)) {
      const post = readText(outDir, `${issue.key}/${channel}.txt`);
      const card = post === undefined ? undefined : socialCard(channel, post, readText(outDir, `${issue.key}/${channel}-thread.txt`), context.config);
      if (card) social.push(card);
    }
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
      email: emailReview(outDir, artifacts),
      feed: feedReview(outDir, feedFiles, issue),
      social,
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
