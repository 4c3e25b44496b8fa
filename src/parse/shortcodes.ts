// Hugo shortcodes as a marked block extension: `{{< figure src=… caption=… >}}`
// becomes a <figure>; any other shortcode (`{{< newsletter-subscribe >}}`) is a
// site widget with no meaning outside the website and renders as nothing.
import type { TokenizerAndRendererExtension, Tokens } from 'marked';

export interface ShortcodeToken extends Tokens.Generic {
  type: 'shortcode';
  raw: string;
  name: string;
  params: Record<string, string>;
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
    return token;
  },
  renderer(token) {
    const { name, params } = token as ShortcodeToken;
    if (name !== 'figure' || !params.src) return '';
    const alt = params.alt ?? params.caption ?? params.title ?? '';
    const caption = params.caption ?? params.title;
    const img = `<img src="${attr(params.src)}" alt="${attr(alt)}"${params.width ? ` width="${attr(params.width)}"` : ''}>`;
    const linked = params.link ? `<a href="${attr(params.link)}">${img}</a>` : img;
    return `<figure>${linked}${caption ? `<figcaption>${text(caption)}</figcaption>` : ''}</figure>\n`;
  },
};

function attr(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

function text(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
