// The feed's review cards (kind `feed-entry`), one per issue of the archive:
// the entry as a reader shows it and the three files that carry it, or why
// the issue is in no feed. Made from the same entries the serializers wrote.
import type { FeedEntryCard } from '../../src/card.js';
import type { Issue } from '../../src/model.js';
import { isValidInstant, type FeedEntry } from './entry.js';

const LABEL = 'Feed entry';

export interface RenderedFeed {
  /** The feed's title as readers show it. */
  readonly title: string;
  readonly entries: readonly FeedEntry[];
  /** Output paths of the feed's files (Atom, RSS, JSON Feed). */
  readonly files: readonly string[];
}

function absentReason(issue: Issue, limit: number): string {
  if (issue.draft) return 'this issue is a draft: drafts are left out of the feeds';
  if (!isValidInstant(issue.date)) return `this issue is in no feed: its date "${issue.date}" is not a valid instant`;
  return `this issue is in no feed: its language has no feed, or it is past the newest ${limit} entries (feed.limit)`;
}

export function feedCards(archive: readonly Issue[], feeds: readonly RenderedFeed[], limit: number): FeedEntryCard[] {
  const bySource = new Map<string, { entry: FeedEntry; feed: RenderedFeed }>();
  for (const feed of feeds) for (const entry of feed.entries) bySource.set(entry.source, { entry, feed });
  return archive.map((issue): FeedEntryCard => {
    const found = bySource.get(issue.source);
    if (!found) return { kind: 'feed-entry', issue: issue.key, label: LABEL, feedTitle: feeds[0]?.title ?? '', absent: absentReason(issue, limit), files: [] };
    const { entry, feed } = found;
    return {
      kind: 'feed-entry',
      issue: issue.key,
      label: LABEL,
      feedTitle: feed.title,
      entry: {
        id: entry.id, title: entry.title, link: entry.link, published: entry.published, updated: entry.updated,
        authors: entry.authors, summary: entry.summary, contentHtml: entry.contentHtml, language: entry.language,
      },
      files: feed.files,
    };
  });
}
