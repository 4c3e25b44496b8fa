// Feed-level data shared by the three formats.
import type { FeedEntry } from './entry.js';

export interface FeedHead {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  /** Site home page, with a trailing slash. */
  readonly siteUrl: string;
  /** Public URLs of this feed's own files. */
  readonly self: { readonly atom: string; readonly rss: string; readonly json: string };
  readonly hub?: string;
  readonly language: string;
  /** Newest entry's `updated`: never the wall clock, so a re-render is byte-identical. */
  readonly updated: string;
  readonly author: string;
  readonly rights?: string;
}

export const GENERATOR = 'newsletter-publisher';
/** The updated time of a feed with no entries: fixed, so an empty feed still renders identically. */
export const EMPTY_FEED_UPDATED = '1970-01-01T00:00:00Z';

export function newestUpdate(entries: readonly FeedEntry[]): string {
  let newest: string | undefined;
  for (const entry of entries) {
    if (newest === undefined || Date.parse(entry.updated) > Date.parse(newest)) newest = entry.updated;
  }
  return newest ?? EMPTY_FEED_UPDATED;
}
