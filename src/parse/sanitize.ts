// The last gate on every HTML chunk of an issue: js-xss with a whitelist fit
// for email and feeds. Script and style bodies vanish, unknown tags (forms,
// iframes) are stripped to their text, and every href/src left in raw HTML is
// resolved by the same URL policy as Markdown links. The feed runs entry content
// through here a second time, so the email and the feeds keep the same URLs.
import { createRequire } from 'node:module';

// xss is CommonJS and Node's ESM loader cannot see its named exports.
const { FilterXSS, getDefaultWhiteList } = createRequire(import.meta.url)('xss') as typeof import('xss');
import { resolveUrl, type UrlProblem } from './urls.js';

// Attributes a browser or mail client follows or fetches.
const URL_ATTRS = new Set(['href', 'src', 'cite', 'poster', 'action', 'formaction', 'background', 'longdesc', 'srcset', 'xlink:href']);


// js-xss leaves `&` bare inside attributes; feeds and strict validators want `&amp;`.
function escapeAttrValue(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function decodeAttr(value: string): string {
  return value.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

function whiteList(): Record<string, string[]> {
  const list = getDefaultWhiteList() as Record<string, string[]>;
  for (const tag of ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']) list[tag] = ['id'];
  list.figure = [];
  list.figcaption = [];
  list.code = ['class'];
  list.pre = [];
  list.input = []; // dropped below; listed so task-list checkboxes do not print as text
  list.a = ['href', 'title'];
  list.img = ['src', 'srcset', 'alt', 'title', 'width', 'height'];
  list.td = ['align', 'colspan', 'rowspan'];
  list.th = ['align', 'colspan', 'rowspan'];
  delete list.audio;
  delete list.video;
  delete list.source;
  delete list.track;
  delete list.font;
  return list;
}

/** Each candidate resolved like a src; one dropped candidate drops the whole attribute. */
function srcset(value: string, pageUrl: string, schemes: readonly string[]): string {
  const out: string[] = [];
  for (const candidate of value.split(',')) {
    const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
    const resolved = resolveUrl(url, pageUrl, schemes);
    if (!resolved.href) {
      if (resolved.problem) report?.({ raw: value, problem: resolved.problem });
      return '';
    }
    out.push([resolved.href, ...descriptor].join(' '));
  }
  return out.join(', ');
}

const filters = new Map<string, InstanceType<typeof FilterXSS>>();

/** A URL the sanitizer removed: the raw attribute value and why. */
export interface DroppedUrl {
  readonly raw: string;
  readonly problem: UrlProblem;
}

// Filters are cached per page; the caller's report goes through this slot during one synchronous call.
let report: ((dropped: DroppedUrl) => void) | undefined;

export function sanitizeHtml(html: string, pageUrl: string, schemes: readonly string[] = [], onDropped?: (dropped: DroppedUrl) => void): string {
  const key = `${pageUrl}\0${schemes.join(',')}`;
  let filter = filters.get(key);
  if (!filter) {
    filter = new FilterXSS({
      whiteList: whiteList(),
      stripIgnoreTag: true,
      stripIgnoreTagBody: ['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'select', 'textarea', 'button'],
      allowCommentTag: false,
      css: false,
      onTag(tag) {
        if (tag === 'input') return '';
        return undefined;
      },
      safeAttrValue(tag, name, value) {
        if (name === 'srcset') return escapeAttrValue(srcset(value, pageUrl, schemes));
        if (URL_ATTRS.has(name)) {
          // The raw value: resolveUrl decodes references as a browser would.
          const resolved = resolveUrl(value, pageUrl, schemes);
          if (!resolved.href && resolved.problem) report?.({ raw: value, problem: resolved.problem });
          return resolved.href ? escapeAttrValue(resolved.href) : '';
        }
        return escapeAttrValue(decodeAttr(value));
      },
    });
    filters.set(key, filter);
    if (filters.size > 64) filters.delete(filters.keys().next().value as string);
  }
  report = onDropped;
  try {
    return filter.process(html);
  } finally {
    report = undefined;
  }
}
