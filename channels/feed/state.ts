// Feed readers key entries by id forever: an issue that was in a published feed
// must keep its id and its canonical URL, or readers show it again as new
// (11ty/eleventy-plugin-rss#67, jekyll/jekyll-feed#91). Earlier feed receipts in
// the ledger say what was published; this compares the archive against them.
import type { LedgerView } from '../../src/channel.js';
import type { Finding, Issue } from '../../src/model.js';
import { asciiUri } from '../../src/parse/urls.js';
import type { EntryState, FeedIdState } from './types.js';

/** Earlier feed receipts, oldest first: one per issue that was a publish target, each listing the whole feed. */
function publishedRecords(ledger: LedgerView, archive: readonly Issue[]): Array<{ at: string; receipt: unknown }> {
  const records: Array<{ at: string; receipt: unknown }> = [];
  const seen = new Set<string>();
  for (const issue of archive) {
    if (seen.has(issue.id)) continue;
    seen.add(issue.id);
    const record = ledger.published(issue.id);
    if (record) records.push({ at: record.at, receipt: record.receipt });
  }
  return records.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** Every entry any earlier feed publish recorded, the newest record winning per id. */
export function publishedEntries(ledger: LedgerView, archive: readonly Issue[]): EntryState[] {
  const byId = new Map<string, EntryState>();
  for (const record of publishedRecords(ledger, archive)) for (const entry of receiptEntries(record.receipt)) byId.set(entry.id, entry);
  return [...byId.values()];
}

export interface PublishedFeedIds {
  /** Feed id per Atom file name, as recorded by the newest receipt that lists it. */
  readonly ids: ReadonlyMap<string, string>;
  /**
   * Atom files (`atom.xml`, `atom.de.xml`…) published by a version that did not record feed ids:
   * those used the public URL of the file as id, which subscribers already have.
   */
  readonly unrecorded: ReadonlySet<string>;
}

/** The feed ids earlier publishes used: once out, a feed id must never change. */
export function publishedFeedIds(ledger: LedgerView, archive: readonly Issue[]): PublishedFeedIds {
  const ids = new Map<string, string>();
  const unrecorded = new Set<string>();
  for (const { receipt } of publishedRecords(ledger, archive)) {
    if (typeof receipt !== 'object' || receipt === null) continue;
    const { feeds, files } = receipt as { feeds?: unknown; files?: unknown };
    if (Array.isArray(feeds)) {
      for (const feed of feeds) if (isFeedIdState(feed)) ids.set(feed.file, feed.id);
    } else if (Array.isArray(files)) {
      for (const file of files) {
        const name = typeof file === 'object' && file !== null ? (file as { name?: unknown }).name : undefined;
        if (typeof name === 'string' && /^atom(\.[^/]+)?\.xml$/.test(name)) unrecorded.add(name);
      }
    }
  }
  return { ids, unrecorded };
}

function isFeedIdState(value: unknown): value is FeedIdState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.file === 'string' && typeof v.id === 'string' && v.id !== '';
}

/** Receipts are stored as unknown JSON: keep only well-formed entries. */
export function receiptEntries(receipt: unknown): EntryState[] {
  if (typeof receipt !== 'object' || receipt === null) return [];
  const entries = (receipt as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) return [];
  return entries.filter(isEntryState);
}

function isEntryState(value: unknown): value is EntryState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.link === 'string' && typeof v.source === 'string'
    && typeof v.language === 'string' && typeof v.updated === 'string';
}

/** `id-changed` errors for published issues whose id or canonical URL differs from what readers already have. */
export function idChangedFindings(archive: readonly Issue[], published: readonly EntryState[]): Finding[] {
  const bySource = new Map(published.map((e) => [e.source, e]));
  const byId = new Map(published.map((e) => [e.id, e]));
  const findings: Finding[] = [];
  for (const issue of archive) {
    if (issue.draft) continue;
    const before = bySource.get(issue.source);
    if (before && before.id !== issue.id) {
      findings.push({
        rule: 'id-changed', severity: 'error', file: issue.source, line: 0,
        message: `feed id would change from "${before.id}" to "${issue.id}": every feed reader would show this issue again as new`,
        fix: `add \`id: ${before.id}\` to the front matter`,
      });
    }
    const sameId = byId.get(issue.id);
    // Receipts hold the link as written then: an IRI before links became ASCII URIs, a URI since.
    if (sameId && asciiUri(sameId.link) !== asciiUri(issue.canonicalUrl)) {
      findings.push({
        rule: 'id-changed', severity: 'error', file: issue.source, line: 0,
        message: `canonical URL would change from ${sameId.link} to ${issue.canonicalUrl}: subscribers' links to it would break`,
        fix: `keep the old permalink (front matter \`url: ${pathOf(sameId.link)}\`), or redirect it and publish deliberately with --force feed`,
      });
    }
  }
  return findings;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
