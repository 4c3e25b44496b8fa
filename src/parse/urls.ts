// One place decides what a URL in an issue becomes: absolute, kept, or dropped.
// Used for Markdown links and images and for raw HTML attributes alike.

export type UrlProblem = 'dangerous' | 'stray-characters' | 'no-scheme' | 'dotless-host' | 'space' | 'unknown-scheme' | 'unresolvable' | 'page-relative';

export interface ResolvedUrl {
  /** The absolute URL to use, or undefined when the link must be dropped. */
  readonly href: string | undefined;
  readonly problem?: UrlProblem;
  /** What the author probably meant, when it is obvious. */
  readonly fix?: string;
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'xmpp:']);
const TOLERATED_SCHEMES = new Set(['tel:', 'ftp:', 'irc:', 'ircs:', 'matrix:', 'geo:', 'magnet:', 'news:', 'sip:']);
const DANGEROUS = /^\s*(javascript|vbscript|data|file)\s*:/i;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// `www.jabber.de`, `example.org/path`: a bare host written without a scheme.
const BARE_HOST = /^(www\.|[a-z0-9-]+(\.[a-z0-9-]+)*\.(org|com|net|de|im|fr|io|eu|chat|dev|app|info|me|social|work|rocks|uk|nl|es|it|ch|at|be|pl|ru|cz|se|no|fi|jp|us|ca|au|in|br|xyz|one|space|tech|network|eu|cc|co|to|is|li|gg)(\/|$|:|\?|#))/i;

export function resolveUrl(raw: string, pageUrl: string): ResolvedUrl {
  const value = raw.trim();
  if (value === '') return { href: undefined, problem: 'unresolvable' };
  if (DANGEROUS.test(value)) return { href: undefined, problem: 'dangerous' };
  if (/\s/.test(value)) {
    const first = value.split(/\s+/)[0];
    const inner = resolveUrl(first, pageUrl);
    return { href: inner.href, problem: 'space', fix: first };
  }
  // `[text]((https://…))`: punctuation typed around a full URL.
  const wrapped = /^[(<"'[]+(https?:\/\/[^\s()<>"'\]]+)[)>"'\]]*$/i.exec(value);
  if (wrapped) {
    const inner = checkHost(wrapped[1]);
    return { href: inner.href, problem: 'stray-characters', fix: wrapped[1] };
  }
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme && !(scheme.length === 1 && /^[a-z]:\\/i.test(value))) {
    const protocol = `${scheme}:`;
    if (protocol === 'http:' || protocol === 'https:') return checkHost(value);
    if (SAFE_SCHEMES.has(protocol)) return { href: value };
    if (TOLERATED_SCHEMES.has(protocol)) return { href: value };
    return { href: undefined, problem: 'unknown-scheme' };
  }
  if (value.startsWith('//')) return checkHost(`https:${value}`);
  if (BARE_HOST.test(value)) {
    const fixed = `https://${value}`;
    return { href: fixed, problem: 'no-scheme', fix: fixed };
  }
  try {
    const base = new URL(pageUrl);
    const resolved = new URL(value, base).href;
    if (value.startsWith('/') || value.startsWith('#') || value.startsWith('?')) return { href: resolved };
    return { href: resolved, problem: 'page-relative', fix: resolved };
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
  // Normalised (`hTtps://` → `https://`): some mail clients match the scheme case-sensitively.
  return { href: url.href };
}

export const problemText: Readonly<Record<UrlProblem, string>> = {
  dangerous: 'script URL (javascript:/data:/vbscript:/file:) removed: it would never be allowed in email or feeds',
  'stray-characters': 'URL is wrapped in stray punctuation, so it resolves relative to the page',
  'no-scheme': 'URL has no scheme, so it resolves relative to the page',
  'dotless-host': 'URL host has no dot (a "/" typed for a "."?)',
  space: 'URL contains a space (Markdown reads the rest as a title)',
  'unknown-scheme': 'URL has an unknown scheme; only http(s), mailto and xmpp links are kept',
  unresolvable: 'URL cannot be resolved to an absolute address',
  'page-relative': 'relative URL resolves against the issue page, which moves between site, email and feeds',
};
