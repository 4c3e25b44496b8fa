// One place decides what a URL in an issue becomes: absolute, kept, or dropped.
// Used for Markdown links and images, raw HTML attributes and the feed's
// second sanitizing pass alike, so no output can disagree with `publish check`.

import { decodeEntities } from '../html-entities.js';

export type UrlProblem = 'dangerous' | 'stray-characters' | 'no-scheme' | 'dotless-host' | 'space' | 'unknown-scheme' | 'unresolvable' | 'page-relative';

export interface ResolvedUrl {
  /** The absolute URL to use, or undefined when the link must be dropped. */
  readonly href: string | undefined;
  readonly problem?: UrlProblem;
  /** What the author probably meant, when it is obvious. */
  readonly fix?: string;
}

/** Schemes every output keeps; `allowedSchemes` in the config adds to them. */
export const DEFAULT_SCHEMES: readonly string[] = ['https', 'http', 'mailto', 'xmpp'];
// Named only for the message: every scheme outside the allowlist is dropped.
const SCRIPT_SCHEMES = /^(javascript|vbscript|livescript|mocha|data|file|jar|view-source|about|blob|filesystem|ms-its|mhtml)$/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// `www.jabber.de`, `example.org/path`: a bare host written without a scheme.
const BARE_HOST = /^(www\.|[a-z0-9-]+(\.[a-z0-9-]+)*\.(org|com|net|de|im|fr|io|eu|chat|dev|app|info|me|social|work|rocks|uk|nl|es|it|ch|at|be|pl|ru|cz|se|no|fi|jp|us|ca|au|in|br|xyz|one|space|tech|network|eu|cc|co|to|is|li|gg)(\/|$|:|\?|#))/i;

/**
 * The URL a browser would see: character references decoded, leading and
 * trailing C0 controls and spaces stripped, tabs and newlines inside removed
 * (WHATWG URL parsing does the same), so `&#106;ava&#x09;script:` and
 * `\x01javascript:` are recognised as the script URLs they are.
 */
export function normaliseUrl(raw: string): string {
  let value = raw;
  // Two passes: `&amp;#106;` is text after one decode, but a second decoder (a feed reader) would run.
  for (let i = 0; i < 2; i++) value = decodeEntities(value);
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020\s]+|[\u0000-\u0020\s]+$/g, '');
}

function allowed(scheme: string, schemes: readonly string[]): boolean {
  return DEFAULT_SCHEMES.includes(scheme) || schemes.includes(scheme);
}

export function resolveUrl(raw: string, pageUrl: string, schemes: readonly string[] = []): ResolvedUrl {
  const value = normaliseUrl(raw);
  if (value === '') return { href: undefined, problem: 'unresolvable' };
  // eslint-disable-next-line no-control-regex
  const scheme = SCHEME.exec(value.replace(/[\u0000-\u001f]/g, ''))?.[1]?.toLowerCase();
  if (scheme && SCRIPT_SCHEMES.test(scheme) && !schemes.includes(scheme)) return { href: undefined, problem: 'dangerous' };
  if (/\s/.test(value)) {
    const first = value.split(/\s+/)[0];
    const inner = resolveUrl(first, pageUrl, schemes);
    return inner.problem && inner.problem !== 'page-relative' ? inner : { href: inner.href, problem: 'space', fix: first };
  }
  // `[text]((https://…))`: punctuation typed around a full URL.
  const wrapped = /^[(<"'[]+(https?:\/\/[^\s()<>"'[\]]+)[)>"'\]]*$/i.exec(value);
  if (wrapped) {
    const inner = checkHost(wrapped[1]);
    return { href: inner.href, problem: 'stray-characters', fix: wrapped[1] };
  }
  if (scheme && !(scheme.length === 1 && /^[a-z]:\\/i.test(value))) {
    if (scheme === 'http' || scheme === 'https') return checkHost(value);
    if (allowed(scheme, schemes)) return { href: value };
    return { href: undefined, problem: 'unknown-scheme' };
  }
  if (value.startsWith('//')) return checkHost(`https:${value}`);
  if (BARE_HOST.test(value)) {
    const fixed = `https://${value}`;
    return { href: fixed, problem: 'no-scheme', fix: fixed };
  }
  try {
    const resolved = new URL(value, new URL(pageUrl));
    // Whatever the parser made of it, only an allowed scheme leaves this function.
    if (!allowed(resolved.protocol.slice(0, -1), schemes)) return { href: undefined, problem: 'dangerous' };
    if (value.startsWith('/') || value.startsWith('#') || value.startsWith('?')) return { href: resolved.href };
    return { href: resolved.href, problem: 'page-relative', fix: resolved.href };
  } catch {
    return { href: undefined, problem: 'unresolvable' };
  }
}

function checkHost(value: string): ResolvedUrl {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { href: undefined, problem: 'unresolvable' };
  }
  const host = url.hostname;
  if (host !== 'localhost' && !host.includes('.') && !host.startsWith('[')) {
    // https://news/jabberfr.org/… : a slash typed for a dot.
    const fix = /^(https?:\/\/)([^/]+)\/([^/]+\.[^/]+)(.*)$/.exec(value);
    return { href: value, problem: 'dotless-host', fix: fix ? `${fix[1]}${fix[2]}.${fix[3]}${fix[4]}` : undefined };
  }
  // `https://xmpp.org/categories/newsletter/]`: a bracket typed into the address (outside an IPv6 host).
  const hostAt = value.toLowerCase().indexOf(url.host);
  const afterHost = hostAt < 0 ? '' : value.slice(hostAt + url.host.length);
  if (/[[\]]/.test(afterHost)) {
    const fixed = value.slice(0, value.length - afterHost.length) + afterHost.replace(/[[\]]/g, '');
    return { href: new URL(fixed).href, problem: 'stray-characters', fix: fixed };
  }
  // Normalised (`hTtps://` → `https://`): some mail clients match the scheme case-sensitively.
  return { href: url.href };
}

export const problemText: Readonly<Record<UrlProblem, string>> = {
  dangerous: 'script-capable URL (javascript:, vbscript:, data: …) removed from every output',
  'stray-characters': 'URL has stray brackets or punctuation in or around it',
  'no-scheme': 'URL has no scheme, so it resolves relative to the page',
  'dotless-host': 'URL host has no dot (a "/" typed for a "."?)',
  space: 'URL contains a space (Markdown reads the rest as a title)',
  'unknown-scheme': `URL has a scheme outside the allowlist (${DEFAULT_SCHEMES.join(', ')} and the config's allowedSchemes): it is removed from every output`,
  unresolvable: 'URL cannot be resolved to an absolute address',
  'page-relative': 'relative URL resolves against the issue page, which moves between site, email and feeds',
};

// What may stay as is in a URI (RFC 3986 unreserved, sub-delims, gen-delims, and `%`
// of an existing escape); everything else is written as UTF-8 percent-escapes.
const NOT_URI_CHAR = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%[\]]/gu;

function percentEncode(text: string): string {
  // A lone surrogate becomes U+FFFD's bytes: Buffer never throws, unlike encodeURIComponent.
  return text.replace(NOT_URI_CHAR, (c) => [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

/**
 * The ASCII URI form of an IRI (RFC 3987 §3.1): `https://xmpp.org/de/2024/grüße/` →
 * `https://xmpp.org/de/2024/gr%C3%BC%C3%9Fe/`, an IDN host in punycode. Feeds and ids
 * need it: the W3C feed validator rejects a non-ASCII href or tag URI, and feed readers
 * differ in how they encode one themselves. Browsers show both forms the same.
 */
export function asciiUri(iri: string): string {
  // search() ignores the global flag's lastIndex.
  if (iri.search(NOT_URI_CHAR) === -1) return iri;
  let value = iri;
  if (/^https?:\/\//i.test(iri)) {
    try {
      value = new URL(iri).href;
    } catch {
      // Not a URL WHATWG accepts: escape the characters, keep the rest as written.
    }
  }
  return percentEncode(value);
}
