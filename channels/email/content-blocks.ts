// Turns the model's section HTML into MJML blocks fit for email clients:
// - a paragraph or <figure> that holds only an image becomes <mj-image>
//   (Outlook-safe width: the figure's own width when it asks for one, never
//   wider than the column; alt text always present); a figure's caption keeps
//   its links, emphasis and code;
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

/** The words an image needs where it has none of its own, in the language. */
export interface ImageLabels {
  /** Alt text of an image without one ("Image", "Image: diagram"). */
  readonly imageFallbackAlt: string;
  /** After the alt text of an SVG shown as a link ("(image)"). */
  readonly imageSuffix: string;
}

const ENGLISH: ImageLabels = { imageFallbackAlt: 'Image', imageSuffix: '(image)' };
/** Content width inside the 600 px body with 24 px padding on each side. */
export const COLUMN_WIDTH = 552;

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

function fallbackAlt(src: string, title: string | undefined, labels: ImageLabels): string {
  if (title && title.trim()) return title.trim();
  try {
    const name = decodeURIComponent(new URL(src).pathname.split('/').pop() ?? '');
    const stem = name.replace(/\.[a-z0-9]+$/i, '').replace(/[-_]+/g, ' ').trim();
    return stem ? `${labels.imageFallbackAlt}: ${stem}` : labels.imageFallbackAlt;
  } catch {
    return labels.imageFallbackAlt;
  }
}

/** A width or height attribute in pixels, when it is one. */
function pixelAttribute(tag: string, name: string): number | undefined {
  const match = /^\s*(\d{1,5})(?:px)?\s*$/i.exec(attribute(tag, name) ?? '');
  const n = match ? Number(match[1]) : 0;
  return n > 0 ? n : undefined;
}

/** Make every href/src in a fragment absolute; unsafe ones are removed (the link text stays). */
export function absolutizeFragment(html: string, base: string): string {
  return html.replace(URL_ATTR, (_whole, name: string, value: string) => {
    const url = absoluteUrl(decodeEntities(value), base);
    return url === undefined ? '' : ` ${name.toLowerCase()}="${escapeHtml(url)}"`;
  });
}

function svgLink(src: string, alt: string, labels: ImageLabels): string {
  return `<a href="${escapeHtml(src)}">${escapeHtml(alt)} ${escapeHtml(labels.imageSuffix)}</a>`;
}

/** Inline images inside text: alt always present, never wider than the column (nor than asked), SVG as links. */
function fixInlineImages(html: string, base: string, labels: ImageLabels): string {
  return html.replace(IMG_TAG, (tag) => {
    const src = absoluteUrl(attribute(tag, 'src') ?? '', base);
    if (src === undefined) return '';
    const title = attribute(tag, 'title');
    const alt = (attribute(tag, 'alt') ?? '').trim() || fallbackAlt(src, title, labels);
    if (isSvg(src)) return svgLink(src, alt, labels);
    const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
    const width = pixelAttribute(tag, 'width');
    const widthAttr = width ? ` width="${Math.min(width, COLUMN_WIDTH)}"` : '';
    return `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${titleAttr}${widthAttr} style="max-width:100%;height:auto;border:0">`;
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

function cleanHtml(html: string, base: string, labels: ImageLabels): string {
  return fixInlineImages(absolutizeFragment(neutralizeMjml(html), base), base, labels).trim();
}

/** Inline HTML (a heading, a caption) made safe for an <mj-text>: absolute links, no MJML, no active content. */
export function inlineHtml(html: string, base: string, labels: ImageLabels = ENGLISH): string {
  return cleanHtml(html, base, labels);
}

function textBlock(html: string, base: string, labels: ImageLabels): string {
  const body = cleanHtml(html, base, labels);
  return body === '' ? '' : `<mj-text css-class="np-content">${body}</mj-text>`;
}

/** A figure's caption: its inline HTML (links kept), else plain text. */
interface Caption {
  readonly html: string;
  readonly text: string;
}

function imageBlock(tag: string, href: string | undefined, caption: Caption | undefined, base: string, labels: ImageLabels): string {
  const src = absoluteUrl(attribute(tag, 'src') ?? '', base);
  if (src === undefined) return '';
  const title = attribute(tag, 'title');
  const alt = (attribute(tag, 'alt') ?? '').trim() || (caption?.text ?? '') || fallbackAlt(src, title, labels);
  const link = href === undefined ? undefined : absoluteUrl(decodeEntities(href), base);
  const captionBlock = caption && caption.text !== ''
    ? `<mj-text css-class="np-caption np-content" align="center" font-size="13px" color="#57606a" padding-top="0">${cleanHtml(caption.html, base, labels)}</mj-text>`
    : '';
  if (isSvg(src)) {
    return `<mj-text css-class="np-content">${svgLink(link ?? src, alt, labels)}</mj-text>${captionBlock}`;
  }
  const hrefAttr = link ? ` href="${escapeHtml(link)}"` : '';
  const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
  // The figure's width is a maximum: MJML also caps it at the column, and the height follows the aspect ratio.
  const width = pixelAttribute(tag, 'width');
  // Only a full-width image is stretched on phones: a small figure stays small.
  const sizeAttr = width ? ` width="${Math.min(width, COLUMN_WIDTH)}px"` : ' fluid-on-mobile="true"';
  return `<mj-image src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${titleAttr}${hrefAttr}${sizeAttr} padding="8px 0"></mj-image>${captionBlock}`;
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
export function toSectionBlocks(html: string, base: string, labels: ImageLabels = ENGLISH): SectionBlocks {
  const blocks: string[] = [];
  let lead: string | undefined;
  let last = 0;
  for (const match of html.matchAll(STANDALONE_IMAGE)) {
    const index = match.index ?? 0;
    let block: string;
    if (match[2]) {
      block = imageBlock(match[2], match[1], undefined, base, labels);
    } else {
      const inner = match[3] ?? '';
      const img = /<img\s[^>]*>/i.exec(inner);
      if (!img) continue;
      // The image's own link, not one inside the caption.
      const link = /^\s*<a\s[^>]*?href="([^"]*)"/i.exec(inner);
      const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/i.exec(inner);
      block = imageBlock(img[0], link?.[1], caption ? { html: caption[1] ?? '', text: stripTags(caption[1] ?? '') } : undefined, base, labels);
    }
    if (lead === undefined) lead = cleanHtml(html.slice(last, index), base, labels);
    else blocks.push(textBlock(html.slice(last, index), base, labels));
    blocks.push(block);
    last = index + match[0].length;
  }
  if (lead === undefined) lead = cleanHtml(html.slice(last), base, labels);
  else blocks.push(textBlock(html.slice(last), base, labels));
  return { lead, rest: blocks.filter((b) => b !== '').join('\n') };
}

export function toMjmlBlocks(html: string, base: string, labels: ImageLabels = ENGLISH): string {
  const { lead, rest } = toSectionBlocks(html, base, labels);
  const first = lead === '' ? '' : `<mj-text css-class="np-content">${lead}</mj-text>`;
  return [first, rest].filter((b) => b !== '').join('\n');
}
