// The issue as an Atom entry for a PubSub social feed (XEP-0472): title,
// summary, the content as XHTML and as text, the canonical link, published,
// updated, authors and categories. Pure.
import { createHash } from 'node:crypto';
import { parseDocument } from 'htmlparser2';
import type { ChildNode } from 'domhandler';
import type { Issue } from '../../src/model.js';
import { xml, type Element } from '../xmpp/session.js';

export const ATOM = 'http://www.w3.org/2005/Atom';
export const XHTML = 'http://www.w3.org/1999/xhtml';
export const SOCIAL_FEED = 'urn:xmpp:pubsub-social-feed:1';

/**
 * The PubSub item id: the same on every run, and only letters, digits, `.`, `_`
 * and `-` (Movim puts item ids in URLs, and `/`, `:` and `,` break them there).
 * A readable slug of the issue id plus a hash of the whole id, so two ids that
 * slug alike still differ.
 */
export function pubsubItemId(issueId: string): string {
  const slug = issueId.replace(/^[a-z]+:/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
  const hash = createHash('sha256').update(issueId, 'utf8').digest('hex').slice(0, 10);
  return slug === '' ? hash : `${slug}-${hash}`;
}

export function atomEntry(issue: Issue, itemId: string): Element {
  return xml(
    'entry',
    { xmlns: ATOM },
    xml('title', { type: 'text' }, issue.title),
    xml('id', {}, issue.id),
    xml('link', { rel: 'alternate', type: 'text/html', href: issue.canonicalUrl }),
    xml('published', {}, issue.date),
    xml('updated', {}, issue.updated),
    ...issue.authors.map((name) => xml('author', {}, xml('name', {}, name))),
    issue.summary.trim() !== '' ? xml('summary', { type: 'text' }, issue.summary.trim()) : null,
    xml('content', { type: 'xhtml' }, xml('div', { xmlns: XHTML }, ...htmlToXhtml(issue.html))),
    // Clients that do not render XHTML (and XEP-0277 readers) show the text version.
    xml('content', { type: 'text' }, issue.text),
    ...issue.categories.map((term) => xml('category', { term })),
    xml('generator', { uri: 'https://github.com/xsf/newsletter-publisher' }, `newsletter-publisher ${itemId}`),
  );
}

/** HTML (already sanitised by the parser) as XHTML elements: always well-formed, entities decoded. */
export function htmlToXhtml(html: string): (Element | string)[] {
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  return convert(document.children);
}

function convert(nodes: readonly ChildNode[]): (Element | string)[] {
  const out: (Element | string)[] = [];
  for (const node of nodes) {
    if (node.type === 'text') out.push(node.data);
    else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      if (node.type !== 'tag') continue;
      const attrs: Record<string, string> = {};
      for (const [name, value] of Object.entries(node.attribs)) if (/^[a-z][a-z0-9_.-]*$/.test(name)) attrs[name] = value;
      out.push(xml(node.name, attrs, ...convert(node.children)));
    }
  }
  return out;
}
