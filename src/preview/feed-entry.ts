// The entry as a feed reader shows it, taken from the rendered
// JSON Feed (the same archive that atom.xml and rss.xml carry).

export interface FeedEntry {
  readonly feedTitle: string;
  readonly id: string;
  readonly url: string;
  readonly title: string;
  readonly published: string;
  readonly modified: string;
  readonly authors: readonly string[];
  readonly summary: string;
  readonly contentHtml: string;
  readonly language: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Finds the entry by id first (ids are pinned), then by URL; undefined when absent or unreadable. */
export function findFeedEntry(feedJson: string, id: string, url: string): FeedEntry | undefined {
  let feed: Record<string, unknown> | undefined;
  try {
    feed = record(JSON.parse(feedJson));
  } catch {
    return undefined;
  }
  const items = Array.isArray(feed?.['items']) ? (feed['items'] as unknown[]).map(record).filter((i): i is Record<string, unknown> => i !== undefined) : [];
  const item = items.find((i) => i['id'] === id) ?? items.find((i) => i['url'] === url);
  if (!item) return undefined;
  const authors = Array.isArray(item['authors']) ? (item['authors'] as unknown[]).map((a) => text(record(a)?.['name'])).filter(Boolean) : [];
  return {
    feedTitle: text(feed?.['title']),
    id: text(item['id']),
    url: text(item['url']),
    title: text(item['title']),
    published: text(item['date_published']),
    modified: text(item['date_modified']),
    authors,
    summary: text(item['summary']),
    contentHtml: text(item['content_html']) || escapeText(text(item['content_text'])),
    language: text(item['language']) || text(feed?.['language']),
  };
}

function escapeText(value: string): string {
  return value ? `<pre>${value.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>` : '';
}
