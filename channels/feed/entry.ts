// One feed entry, format-neutral: the three serializers read only this, so the
// same id, dates and content appear in Atom, RSS and JSON Feed by construction.
import type { CardFeedEntry } from '../../src/card.js';
import type { Issue } from '../../src/model.js';
import { sanitizeHtml } from '../../src/parse/sanitize.js';
import { asciiUri } from '../../src/parse/urls.js';
import { absolutizeHtml } from './absolutize.js';
import { stripInvalidXmlChars } from './xml.js';

/**
 * The card's entry (id, title, link, dates, authors, language, summary, HTML)
 * plus what only the serializers need. Here the id is the issue's permanent id,
 * the dates RFC 3339 without fractional seconds, every URL in the HTML absolute.
 */
export interface FeedEntry extends CardFeedEntry {
  readonly categories: readonly string[];
  /**
   * Absolute URL of the first inline image: JSON Feed `image` only. Atom and RSS carry no
   * enclosure for it: podcast-style clients download enclosures on their own, and RSS would
   * need the real byte length.
   */
  readonly image?: string;
  readonly source: string;
  /** The other published members of the issue's translation set: `hreflang` alternates. */
  readonly translations?: readonly Alternate[];
}

export interface Alternate {
  readonly language: string;
  readonly link: string;
  readonly title: string;
}

/** Instants as `2020-11-05T00:00:00Z`: the shortest RFC 3339 form, identical in every format. */
export function rfc3339(iso: string): string {
  return new Date(iso).toISOString().replace(/\.000Z$/, 'Z');
}

export function isValidInstant(iso: string): boolean {
  return typeof iso === 'string' && iso !== '' && !Number.isNaN(Date.parse(iso));
}

/**
 * Entry content goes through the same sanitizer and URL policy as the email
 * (`schemes`: the config's allowedSchemes): feed readers render this HTML, and
 * an Issue handed in by a third-party caller may not have come from our parser.
 */
export function toEntry(issue: Issue, schemes: readonly string[] = [], translations: readonly Issue[] = []): FeedEntry {
  const clean = stripInvalidXmlChars;
  const published = rfc3339(issue.date);
  // An `updated` before `published` is a front-matter slip; readers would show it as never updated.
  const updated = isValidInstant(issue.updated) && Date.parse(issue.updated) > Date.parse(issue.date) ? rfc3339(issue.updated) : published;
  const first = issue.images[0];
  return {
    id: clean(issue.id),
    title: clean(issue.title),
    // Links as ASCII URIs (an IRI's `ü` percent-escaped): what the W3C validator and every reader accept.
    link: clean(asciiUri(issue.canonicalUrl)),
    published,
    updated,
    authors: unique(issue.authors.map((a) => clean(a).trim()).filter((a) => a !== '')),
    categories: unique(issue.categories.map((c) => clean(c).trim()).filter((c) => c !== '')),
    language: issue.language.toLowerCase(),
    summary: clean(issue.summary),
    contentHtml: clean(sanitizeHtml(absolutizeHtml(issue.html, issue.canonicalUrl), issue.canonicalUrl, schemes)),
    image: first ? image(first.src, issue.canonicalUrl) : undefined,
    source: issue.source,
    ...(translations.length > 0 ? { translations: translations.map((t) => ({ language: t.language.toLowerCase(), link: clean(asciiUri(t.canonicalUrl)), title: clean(t.title) })) } : {}),
  };
}

function image(src: string, base: string): string | undefined {
  try {
    return stripInvalidXmlChars(new URL(src, base).href);
  } catch {
    return undefined;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
