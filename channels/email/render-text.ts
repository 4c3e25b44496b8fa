// The plain-text part, built from the model: the title and each section
// heading underlined, links numbered in the text and listed once at the end
// (a heading that is a link gets its number too). Lists indent by the same
// two spaces at every level. Fixed strings come from the language's table.
import { compile } from 'html-to-text';
import type { Config } from '../../src/config.js';
import type { Issue, Section } from '../../src/model.js';
import { allSections } from '../../src/sections.js';
import { absoluteUrl, isSvg } from './content-blocks.js';
import { fixedStrings, formatIssueDate } from './render-html.js';
import { loadStrings, type Strings } from '../../src/strings.js';

export interface TextInput {
  readonly issue: Issue;
  readonly config: Config;
  readonly unsubscribeToken: string;
  readonly listAddress: string;
  /** Fixed strings in the issue's language; English when absent. */
  readonly strings?: Strings;
}

interface Footnotes {
  base: string;
  readonly urls: string[];
  readonly index: Map<string, number>;
}

interface Node {
  readonly type?: string;
  readonly data?: string;
  readonly attribs?: Readonly<Record<string, string>>;
  readonly children?: readonly Node[];
}

const WIDTH = 76;
const state: Footnotes & { image: string; svgImage: string } = { base: 'https://invalid.example/', urls: [], index: new Map(), image: 'image', svgImage: 'SVG image' };

function footnote(url: string): number {
  let n = state.index.get(url);
  if (n === undefined) {
    state.urls.push(url);
    n = state.urls.length;
    state.index.set(url, n);
  }
  return n;
}

function textOf(node: Node): string {
  if (node.type === 'text') return node.data ?? '';
  return (node.children ?? []).map(textOf).join('');
}

interface InlineBuilder {
  addInline(text: string, options?: { noWordTransform?: boolean }): void;
}

type Walk = (nodes: readonly Node[] | undefined, builder: InlineBuilder) => void;

// html-to-text calls formatters with its own node and builder types; these
// structural views are all we use of them.
function anchor(elem: Node, walk: Walk, builder: InlineBuilder): void {
  walk(elem.children, builder);
  const url = absoluteUrl(elem.attribs?.href ?? '', state.base);
  if (url === undefined) return;
  const text = textOf(elem).trim();
  if (text === url || `mailto:${text}` === url || `xmpp:${text}` === url || `${text}/` === url) return;
  builder.addInline(` [${footnote(url)}]`, { noWordTransform: true });
}

function image(elem: Node, _walk: Walk, builder: InlineBuilder): void {
  const url = absoluteUrl(elem.attribs?.src ?? '', state.base);
  const alt = (elem.attribs?.alt ?? '').trim() || (elem.attribs?.title ?? '').trim() || state.image;
  if (url === undefined) return;
  builder.addInline(`[${isSvg(url) ? state.svgImage : state.image}: ${alt}] [${footnote(url)}]`, { noWordTransform: true });
}

const convert = compile({
  wordwrap: WIDTH,
  formatters: {
    npAnchor: anchor as unknown as never,
    npImage: image as unknown as never,
  },
  selectors: [
    { selector: 'a', format: 'npAnchor' },
    { selector: 'img', format: 'npImage' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
    { selector: 'figcaption', format: 'block' },
  ],
});

function width(text: string): number {
  return [...text].length;
}

function underline(text: string, char: string): string {
  return `${text}\n${char.repeat(Math.max(3, Math.min(WIDTH, width(text))))}`;
}


/** Converted HTML without surrounding blank lines; leading spaces stay (they are list indentation). */
function block(html: string): string {
  return convert(html).replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

export function renderText(input: TextInput): string {
  const { issue, config } = input;
  const strings = input.strings ?? loadStrings('en');
  const fixed = fixedStrings({ ...input, strings });
  state.base = issue.canonicalUrl;
  state.urls.length = 0;
  state.index.clear();
  state.image = strings.image;
  state.svgImage = strings.svgImage;
  const parts: string[] = [
    config.site.title,
    underline(issue.title, '='),
    formatIssueDate(issue, config),
    `${fixed.viewInBrowser}: ${issue.canonicalUrl}`,
  ];
  const intro = block(issue.intro.html);
  if (intro) parts.push(intro);
  for (const section of allSections(issue.sections)) {
    // The heading's own HTML, so a heading that is a link gets its footnote (numbered before the body's).
    const heading = section.headingHtml === undefined ? section.heading : convert(`<p>${section.headingHtml}</p>`).replace(/\s+/g, ' ').trim();
    const body = block(section.html);
    parts.push(underline(heading, section.level <= 2 ? '-' : '~') + (body ? `\n\n${body}` : ''));
  }
  if (state.urls.length > 0) {
    parts.push([`${strings.links}:`, ...state.urls.map((url, i) => `[${i + 1}] ${url}`)].join('\n'));
  }
  const footer = [
    '-- ',
    fixed.subscribedNotice,
    `${fixed.unsubscribe}: ${input.unsubscribeToken}`,
  ];
  if (fixed.license) footer.push(fixed.license);
  parts.push(footer.join('\n'));
  // Trailing blanks go, except in the "-- " signature separator.
  return parts.join('\n\n').replace(/(?<!^--)[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n') + '\n';
}
