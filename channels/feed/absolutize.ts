// Feed readers and RSS-to-email tools resolve relative URLs against the feed's
// own URL, or not at all (jekyll-feed#395), so every URL in entry content must
// be absolute. The model promises absolute URLs already; this pass makes the
// promise hold for raw HTML the Markdown renderer passed through untouched.

import { decodeEntities } from '../../src/html-entities.js';

// A start tag, with quoted attribute values that may contain `>`.
const START_TAG = /<[a-zA-Z][a-zA-Z0-9:-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;
const URL_ATTR = /(\s)(href|src|poster|cite|action|formaction|background|longdesc|srcset)(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;
const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** True when `url` (an attribute value, entities decoded) would be resolved against some base. */
export function isRelativeUrl(url: string): boolean {
  return !HAS_SCHEME.test(url.trim());
}

// A URL attribute whose value does not start with a scheme. May also match text
// that only looks like an attribute; it just sends us down the careful path.
// srcset always takes the careful path: only its first candidate follows the `=`.
const MAYBE_RELATIVE = /\s(?:href|src|poster|cite|action|formaction|background|longdesc)\s*=\s*(?:"\s*|'\s*)?(?![a-zA-Z][a-zA-Z0-9+.-]*:|["'\s])|\ssrcset\s*=/i;

/** Rewrite every relative URL attribute in `html` against `base` (the canonical URL). */
export function absolutizeHtml(html: string, base: string): string {
  // The parser already made URLs absolute: the common case is one fast scan and no copy.
  if (!MAYBE_RELATIVE.test(html)) return html;
  return html.replace(START_TAG, (tag) =>
    tag.replace(URL_ATTR, (whole, space: string, name: string, eq: string, dq?: string, sq?: string, bare?: string) => {
      const raw = dq ?? sq ?? bare ?? '';
      const fixed = name.toLowerCase() === 'srcset' ? resolveSrcset(decodeEntities(raw), base) : resolve(decodeEntities(raw), base);
      if (fixed === undefined) return whole;
      return `${space}${name}${eq}"${encodeAttr(fixed)}"`;
    }),
  );
}

function resolve(value: string, base: string): string | undefined {
  const url = value.trim();
  if (!isRelativeUrl(url)) return undefined;
  try {
    return new URL(url, base).href;
  } catch {
    return undefined;
  }
}

function resolveSrcset(value: string, base: string): string | undefined {
  let changed = false;
  const candidates = value.split(',').map((candidate) => {
    const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
    const fixed = url ? resolve(url, base) : undefined;
    if (fixed === undefined) return candidate.trim();
    changed = true;
    return [fixed, ...descriptor].join(' ');
  });
  return changed ? candidates.join(', ') : undefined;
}


function encodeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
