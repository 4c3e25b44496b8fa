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

export const shortcodeExtension: TokenizerAndRendererExtension = {
  name: 'shortcode',
  level: 'block',
  start(src: string) {
    const index = src.search(/\{\{[<%]/);
    return index < 0 ? undefined : index;
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
