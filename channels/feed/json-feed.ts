// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). The `feed` package
// writes version 1 with the singular `author` that 1.1 deprecates, and has no
// `language`, so we write the format ourselves.
import type { FeedEntry } from './entry.js';
import type { FeedHead } from './head.js';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

export function renderJsonFeed(head: FeedHead, entries: readonly FeedEntry[]): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: head.title,
    home_page_url: head.siteUrl,
    feed_url: head.self.json,
    ...(head.subtitle ? { description: head.subtitle } : {}),
    language: head.language,
    authors: [{ name: head.author }],
    ...(head.hub ? { hubs: [{ type: 'WebSub', url: head.hub }] } : {}),
    items: entries.map((entry) => ({
      id: entry.id,
      url: entry.link,
      title: entry.title,
      content_html: entry.contentHtml,
      ...(entry.summary ? { summary: entry.summary } : {}),
      ...(entry.image ? { image: entry.image } : {}),
      date_published: entry.published,
      date_modified: entry.updated,
      ...(entry.authors.length > 0 ? { authors: entry.authors.map((name) => ({ name })) } : {}),
      ...(entry.categories.length > 0 ? { tags: entry.categories } : {}),
      language: entry.language,
      // JSON Feed has no translation field; extensions are keys starting with `_` (spec §3).
      ...(entry.translations ? { _translations: entry.translations.map((t) => ({ language: t.language, url: t.link, title: t.title })) } : {}),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
