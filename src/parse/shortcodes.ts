// Hugo shortcodes as a marked block extension: `{{< figure src=… caption=… >}}`
// becomes a <figure>; any other shortcode (`{{< newsletter-subscribe >}}`) is a
// site widget with no meaning outside the website and renders as nothing.
// A figure's caption is Markdown, as Hugo renders it: its inline tokens are
// kept on the token, so links in it are resolved like any other link and the
// caption renders with its links, emphasis and code. Alt text takes its plain
// text (set by the parser, which owns the plain-text rendering).
import type { Token, TokenizerAndRendererExtension, Tokens } from 'marked';

export interface ShortcodeToken extends Tokens.Generic {
  type: 'shortcode';
  raw: string;
  name: string;
  params: Record<string, string>;
  /** The caption's inline Markdown tokens (figure only). */
  tokens?: Token[];
  /** Plain text of the caption, set once links are resolved. */
  captionText?: string;
}

const SHORTCODE = /^ {0,3}\{\{[<%]\s*([\w-]+)((?:\s+[\w-]+=(?:"[^"]*"|'[^']*'|[^\s>%}]+))*)\s*\/?\s*[>%]\}\}[ \t]*(?:\n|$)/;
const PARAM = /([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s>%}]+))/g;

export function parseParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of text.matchAll(PARAM)) params[match[1].toLowerCase()] = match[2] ?? match[3] ?? match[4] ?? '';
  return params;
}

// marked calls start() with every remaining suffix of the document; searching
// each suffix afresh is quadratic (5 s on a 5 MB issue). The next shortcode's
// distance from the end of the text is the same for every suffix, so remember it.
let nextFromEnd: number | undefined;
let searchedLength = -1;

/** Forget the memo: call before lexing a new document. */
export function resetShortcodeSearch(): void {
  nextFromEnd = undefined;
  searchedLength = -1;
}

export const shortcodeExtension: TokenizerAndRendererExtension = {
  name: 'shortcode',
  level: 'block',
  start(src: string) {
    const length = src.length;
    // A remembered hit is trusted only if it is really there (nested list and
    // quote content is lexed as separate, shorter strings).
    const memo = nextFromEnd;
    const stale = memo === undefined || length > searchedLength
      || (memo >= 0 && (memo > length || !/^\{\{[<%]/.test(src.slice(length - memo, length - memo + 3))));
    if (stale) {
      const index = src.search(/\{\{[<%]/);
      nextFromEnd = index < 0 ? -1 : length - index;
      searchedLength = length;
    }
    const fromEnd = nextFromEnd ?? -1;
    return fromEnd < 0 ? undefined : length - fromEnd;
  },
  tokenizer(src: string) {
    const match = SHORTCODE.exec(src);
    if (!match) return undefined;
    const token: ShortcodeToken = { type: 'shortcode', raw: match[0], name: match[1].toLowerCase(), params: parseParams(match[2]) };
    if (token.name === 'figure' && token.params.caption) token.tokens = this.lexer.inlineTokens(token.params.caption);
    return token;
  },
  renderer(token) {
    const { name, params, tokens, captionText } = token as ShortcodeToken;
    if (name !== 'figure' || !params.src) return '';
    const plainCaption = captionText ?? params.caption;
    const alt = params.alt ?? plainCaption ?? params.title ?? '';
    const caption = tokens ? this.parser.parseInline(tokens) : params.title ? text(params.title) : '';
    const size = (['width', 'height'] as const).map((n) => (pixels(params[n]) ? ` ${n}="${pixels(params[n])}"` : '')).join('');
    const img = `<img src="${attr(params.src)}" alt="${attr(alt)}"${size}>`;
    const linked = params.link ? `<a href="${attr(params.link)}">${img}</a>` : img;
    return `<figure>${linked}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>\n`;
  },
};

/** A figure's width or height in CSS pixels ("200", "200px"); undefined for anything else ("50%"). */
export function pixels(value: string | undefined): number | undefined {
  const match = /^\s*(\d{1,5})(?:px)?\s*$/i.exec(value ?? '');
  const n = match ? Number(match[1]) : 0;
  return n > 0 ? n : undefined;
}

function attr(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

function text(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
