// RSS 2.0. Authors go in `dc:creator`: RSS `<author>` must be an e-mail
// address and the W3C validator rejects a bare name (what `feed` writes).
// The guid is the permanent id, `isPermaLink="false"` unless it is the link.
import type { FeedEntry } from './entry.js';
import { GENERATOR, type FeedHead } from './head.js';
import { cdata, element as xmlElement, emptyElement, escapeRssText, escapeText, hexReferences } from './xml.js';

/** Every RSS text element in the profile's escaping (xml.ts). */
const element = (name: string, text: string, attrs: Readonly<Record<string, string | undefined>> = {}): string => xmlElement(name, text, attrs, escapeRssText);

export function renderRss(head: FeedHead, entries: readonly FeedEntry[]): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    ${element('title', head.title)}`,
    `    ${element('link', head.siteUrl)}`,
    // RSS requires a description; the title is the honest fallback.
    `    ${element('description', head.subtitle || head.title)}`,
    `    ${element('language', head.language)}`,
    `    ${element('lastBuildDate', rfc822(head.updated))}`,
    `    ${element('pubDate', rfc822(head.updated))}`,
    `    ${element('generator', GENERATOR)}`,
    `    ${element('docs', 'https://www.rssboard.org/rss-specification')}`,
    `    ${emptyElement('atom:link', { rel: 'self', type: 'application/rss+xml', href: head.self.rss })}`,
  ];
  if (head.hub) out.push(`    ${emptyElement('atom:link', { rel: 'hub', href: head.hub })}`);
  if (head.rights) out.push(`    ${element('copyright', head.rights)}`);
  for (const entry of entries) out.push(renderItem(entry));
  out.push('  </channel>', '</rss>', '');
  return out.join('\n');
}

function renderItem(entry: FeedEntry): string {
  const out: string[] = [
    '    <item>',
    `      ${element('title', entry.title)}`,
    `      ${element('link', entry.link)}`,
    `      ${element('guid', entry.id, { isPermaLink: entry.id === entry.link ? 'true' : 'false' })}`,
    `      ${element('pubDate', rfc822(entry.published))}`,
    // RSS has no translation element; the Atom namespace the feed already declares has one.
    ...(entry.translations ?? []).map((t) => `      ${emptyElement('atom:link', { rel: 'alternate', type: 'text/html', hreflang: t.language, title: t.title, href: t.link })}`),
  ];
  for (const author of entry.authors) out.push(`      ${element('dc:creator', author)}`);
  for (const category of entry.categories) out.push(`      ${element('category', category)}`);
  // `description` is HTML in RSS: the plain-text summary's `&` and `<` become hexadecimal
  // references before XML escaping, as the RSS Advisory Board's profile asks (a reader that
  // takes the description for plain text shows `&#x26;` no worse than `&amp;`).
  if (entry.summary) out.push(`      <description>${escapeText(hexReferences(entry.summary))}</description>`);
  out.push(`      <content:encoded>${cdata(entry.contentHtml)}</content:encoded>`);
  out.push('    </item>');
  return out.join('\n');
}

/** RFC 822 date as RSS wants it: `Thu, 05 Nov 2020 00:00:00 GMT`. */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}
