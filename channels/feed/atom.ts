// Atom 1.0 (RFC 4287). Written by hand rather than with the `feed` package,
// which runs entry ids through `new URL()` (percent-encoding them, so the Atom
// id differs from the RSS guid), writes `<category>` without the required
// `term`, has no `xml:lang`, and puts raw titles in `type="html"`.
import { checkAddress } from '../../src/mail-address.js';
import type { FeedEntry } from './entry.js';
import { GENERATOR, type FeedHead } from './head.js';
import { cdata, element, emptyElement, escapeAttr } from './xml.js';

export function renderAtom(head: FeedHead, entries: readonly FeedEntry[]): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeAttr(head.language)}">`,
    `  ${element('id', head.id)}`,
    `  ${element('title', head.title, { type: 'text' })}`,
  ];
  if (head.subtitle) out.push(`  ${element('subtitle', head.subtitle, { type: 'text' })}`);
  out.push(
    `  ${element('updated', head.updated)}`,
    `  ${emptyElement('link', { rel: 'alternate', type: 'text/html', href: head.siteUrl })}`,
    `  ${emptyElement('link', { rel: 'self', type: 'application/atom+xml', href: head.self.atom })}`,
  );
  if (head.hub) out.push(`  ${emptyElement('link', { rel: 'hub', href: head.hub })}`);
  // Entries without an author inherit the feed's; RFC 4287 requires one or the other.
  out.push(`  <author>${element('name', head.author)}</author>`);
  if (head.rights) out.push(`  ${element('rights', head.rights, { type: 'text' })}`);
  out.push(`  ${element('generator', GENERATOR)}`);
  for (const entry of entries) out.push(renderEntry(entry, head.language));
  out.push('</feed>', '');
  return out.join('\n');
}

function renderEntry(entry: FeedEntry, feedLanguage: string): string {
  const lang = entry.language !== feedLanguage ? ` xml:lang="${escapeAttr(entry.language)}"` : '';
  const out: string[] = [
    `  <entry${lang}>`,
    `    ${element('id', entry.id)}`,
    `    ${element('title', entry.title, { type: 'text' })}`,
    // With translations every alternate names its language: Atom allows one alternate per type and hreflang.
    `    ${emptyElement('link', { rel: 'alternate', type: 'text/html', ...(entry.translations ? { hreflang: entry.language } : {}), href: entry.link })}`,
    ...(entry.translations ?? []).map((t) => `    ${emptyElement('link', { rel: 'alternate', type: 'text/html', hreflang: t.language, title: t.title, href: t.link })}`),
    `    ${element('published', entry.published)}`,
    `    ${element('updated', entry.updated)}`,
  ];
  for (const author of entry.authors) out.push(`    ${person(author)}`);
  for (const category of entry.categories) out.push(`    ${emptyElement('category', { term: category })}`);
  if (entry.summary) out.push(`    ${element('summary', entry.summary, { type: 'text' })}`);
  out.push(`    <content type="html">${cdata(entry.contentHtml)}</content>`, '  </entry>');
  return out.join('\n');
}

// `Name <user@host>`, as front matter often writes an author: Atom has a field for the address.
const NAMED_ADDRESS = /^(.*?)\s*(<[^<>]+>)$/;

/** An Atom person: the name, and the address in its own element when it is one the email channel would accept. */
function person(author: string): string {
  const match = NAMED_ADDRESS.exec(author);
  const checked = match ? checkAddress(match[2] ?? '') : undefined;
  if (!match || !checked?.ok) return `<author>${element('name', author)}</author>`;
  return `<author>${element('name', match[1] || checked.address.split('@')[0])}${element('email', checked.address)}</author>`;
}
