// Turns the model's section HTML into MJML blocks fit for email clients:
// - a paragraph or <figure> that holds only an image becomes <mj-image>
//   (Outlook-safe width, at most 600 px, alt text always present);
// - SVG images become links (most clients block SVG in <img>);
// - every href/src is absolute (https:, http:, mailto:, xmpp:); anything else is dropped.
import { decodeEntities } from '../../src/html-entities.js';
import { escapeHtml } from './template-engine.js';

const ALLOWED_SCHEMES = new Set(['https:', 'http:', 'mailto:', 'xmpp:']);
const STANDALONE_IMAGE = /<p>\s*(?:<a\s[^>]*?href="([^"]*)"[^>]*>\s*)?(<img\s[^>]*>)\s*(?:<\/a>\s*)?<\/p>|<figure\b[^>]*>([\s\S]*?)<\/figure>/gi;
const IMG_TAG = /<img\s[^>]*>/gi;
const URL_ATTR = /\s(href|src)\s*=\s*"([^"]*)"/gi;

export interface ImageInfo {
  readonly src: string;
  readonly alt: string;
  readonly title?: string;
}

export function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  if (!match) return undefined;
  return decodeEntities(match[1] ?? match[2] ?? '');
}

export { decodeEntities };

/** Absolute URL for an email, or undefined when it cannot be made safe. */
export function absoluteUrl(raw: string, base: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  try {
    const url = new URL(trimmed, base);
    if (!ALLOWED_SCHEMES.has(url.protocol)) return undefined;
    // xmpp: and mailto: keep their exact form (new URL would not change them, but be explicit).
    return url.protocol === 'xmpp:' || url.protocol === 'mailto:' ? trimmed : url.href;
  } catch {
    return undefined;
  }
}

export function isSvg(src: string): boolean {
  try {
    return /\.svgz?$/i.test(new URL(src).pathname);
  } catch {
    return /\.svgz?(?:[?#]|$)/i.test(src);
  }
}

function fallbackAlt(src: string, title?: string): string {
  if (title && title.trim()) return title.trim();
  try {
    const name = decodeURIComponent(new URL(src).pathname.split('/').pop() ?? '');
    const stem = name.replace(/\.[a-z0-9]+$/i, '').replace(/[-_]+/g, ' ').trim();
    return stem ? `Image: ${stem}` : 'Image';
  } catch {
    return 'Image';
  }
}

/** Make every href/src in a fragment absolute; unsafe ones are removed (the link text stays). */
export function absolutizeFragment(html: string, base: string): string {
  return html.replace(URL_ATTR, (_whole, name: string, value: string) => {
    const url = absoluteUrl(decodeEntities(value), base);
    return url === undefined ? '' : ` ${name.toLowerCase()}="${escapeHtml(url)}"`;
  });
}

function svgLink(src: string, alt: string): string {
  return `<a href="${escapeHtml(src)}">${escapeHtml(alt)} (image)</a>`;
}

/** Inline images inside text: alt always present, never wider than the column, SVG as links. */
function fixInlineImages(html: string, base: string): string {
  return html.replace(IMG_TAG, (tag) => {
    const src = absoluteUrl(attribute(tag, 'src') ?? '', base);
    if (src === undefined) return '';
    const title = attribute(tag, 'title');
    const alt = (attribute(tag, 'alt') ?? '').trim() || fallbackAlt(src, title);
    if (isSvg(src)) return svgLink(src, alt);
    const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
    return `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${titleAttr} style="max-width:100%;height:auto;border:0">`;
  });
}

/**
 * Keep user content from closing the MJML element it sits in, and drop active
 * content the model should never hold anyway (mail filters score it as spam).
 */
function neutralizeMjml(html: string): string {
  return html
    .replace(/<(script|style|iframe|object|embed|form)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/?(?:script|style|iframe|object|embed|form|input|button)\b[^>]*>/gi, '')
    .replace(/\son[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/<(\/?)(mj-|mjml)/gi, '&lt;$1$2');
}

function cleanHtml(html: string, base: string): string {
  return fixInlineImages(absolutizeFragment(neutralizeMjml(html), base), base).trim();
}

function textBlock(html: string, base: string): string {
  const body = cleanHtml(html, base);
  return body === '' ? '' : `<mj-text css-class="np-content">${body}</mj-text>`;
}

function imageBlock(tag: string, href: string | undefined, caption: string | undefined, base: string): string {
  const src = absoluteUrl(attribute(tag, 'src') ?? '', base);
  if (src === undefined) return '';
  const title = attribute(tag, 'title');
  const alt = (attribute(tag, 'alt') ?? '').trim() || (caption?.trim() ?? '') || fallbackAlt(src, title);
  const link = href === undefined ? undefined : absoluteUrl(decodeEntities(href), base);
  const captionBlock = caption && caption.trim()
    ? `<mj-text css-class="np-caption" align="center" font-size="13px" color="#57606a" padding-top="0">${escapeHtml(caption.trim())}</mj-text>`
    : '';
  if (isSvg(src)) {
    return `<mj-text css-class="np-content">${svgLink(link ?? src, alt)}</mj-text>${captionBlock}`;
  }
  const hrefAttr = link ? ` href="${escapeHtml(link)}"` : '';
  const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
  return `<mj-image src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${titleAttr}${hrefAttr} fluid-on-mobile="true" padding="8px 0"></mj-image>${captionBlock}`;
}

function stripTags(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

export interface SectionBlocks {
  /** HTML before the first standalone image, to share the heading's <mj-text> (each <mj-text> costs ~300 bytes of table markup). */
  readonly lead: string;
  /** MJML blocks after it: images and further text. */
  readonly rest: string;
}

/** Section (or intro) HTML → MJML column content. */
export function toSectionBlocks(html: string, base: string): SectionBlocks {
  const blocks: string[] = [];
  let lead: string | undefined;
  let last = 0;
  for (const match of html.matchAll(STANDALONE_IMAGE)) {
    const index = match.index ?? 0;
    let block: string;
    if (match[2]) {
      block = imageBlock(match[2], match[1], undefined, base);
    } else {
      const inner = match[3] ?? '';
      const img = /<img\s[^>]*>/i.exec(inner);
      if (!img) continue;
      const link = /<a\s[^>]*?href="([^"]*)"/i.exec(inner);
      const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/i.exec(inner);
      block = imageBlock(img[0], link?.[1], caption ? stripTags(caption[1]) : undefined, base);
    }
    if (lead === undefined) lead = cleanHtml(html.slice(last, index), base);
    else blocks.push(textBlock(html.slice(last, index), base));
    blocks.push(block);
    last = index + match[0].length;
  }
  if (lead === undefined) lead = cleanHtml(html.slice(last), base);
  else blocks.push(textBlock(html.slice(last), base));
  return { lead, rest: blocks.filter((b) => b !== '').join('\n') };
}

export function toMjmlBlocks(html: string, base: string): string {
  const { lead, rest } = toSectionBlocks(html, base);
  const first = lead === '' ? '' : `<mj-text css-class="np-content">${lead}</mj-text>`;
  return [first, rest].filter((b) => b !== '').join('\n');
}
