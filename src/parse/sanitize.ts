// The last gate on every HTML chunk of an issue: js-xss with a whitelist fit
// for email and feeds. Script and style bodies vanish, unknown tags (forms,
// iframes) are stripped to their text, and every href/src left in raw HTML is
// resolved by the same rules as Markdown links.
import { createRequire } from 'node:module';

// xss is CommonJS and Node's ESM loader cannot see its named exports.
const { FilterXSS, getDefaultWhiteList } = createRequire(import.meta.url)('xss') as typeof import('xss');
import { resolveUrl } from './urls.js';


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
  list.img = ['src', 'alt', 'title', 'width', 'height'];
  list.td = ['align', 'colspan', 'rowspan'];
  list.th = ['align', 'colspan', 'rowspan'];
  delete list.audio;
  delete list.video;
  delete list.source;
  delete list.track;
  delete list.font;
  return list;
}

const filters = new Map<string, InstanceType<typeof FilterXSS>>();

export function sanitizeHtml(html: string, pageUrl: string): string {
  let filter = filters.get(pageUrl);
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
        if (name === 'href' || name === 'src') {
          const resolved = resolveUrl(decodeAttr(value), pageUrl);
          return resolved.href ? escapeAttrValue(resolved.href) : '';
        }
        return escapeAttrValue(decodeAttr(value));
      },
    });
    filters.set(pageUrl, filter);
    if (filters.size > 64) filters.delete(filters.keys().next().value as string);
  }
  return filter.process(html);
}
