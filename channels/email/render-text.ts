// The plain-text part, built from the model: the title and each section
// heading underlined, links numbered in the text and listed once at the end.
import { compile } from 'html-to-text';
import type { Config } from '../../src/config.js';
import type { Issue, Section } from '../../src/model.js';
import { allSections } from '../../src/sections.js';
import { absoluteUrl, isSvg } from './content-blocks.js';
import { formatIssueDate } from './render-html.js';

export interface TextInput {
  readonly issue: Issue;
  readonly config: Config;
  readonly unsubscribeToken: string;
  readonly listAddress: string;
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
const state: Footnotes = { base: 'https://invalid.example/', urls: [], index: new Map() };

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
  const alt = (elem.attribs?.alt ?? '').trim() || (elem.attribs?.title ?? '').trim() || 'image';
  if (url === undefined) return;
  builder.addInline(`[${isSvg(url) ? 'SVG image' : 'image'}: ${alt}] [${footnote(url)}]`, { noWordTransform: true });
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


export function renderText(input: TextInput): string {
  const { issue, config } = input;
  state.base = issue.canonicalUrl;
  state.urls.length = 0;
  state.index.clear();
  const parts: string[] = [
    config.site.title,
    underline(issue.title, '='),
    formatIssueDate(issue, config),
    `View in browser: ${issue.canonicalUrl}`,
  ];
  const intro = convert(issue.intro.html).trim();
  if (intro) parts.push(intro);
  for (const section of allSections(issue.sections)) {
    const body = convert(section.html).trim();
    parts.push(underline(section.heading, section.level <= 2 ? '-' : '~') + (body ? `\n\n${body}` : ''));
  }
  if (state.urls.length > 0) {
    parts.push(['Links:', ...state.urls.map((url, i) => `[${i + 1}] ${url}`)].join('\n'));
  }
  const footer = [
    '-- ',
    `You receive ${config.site.title} because you subscribed to ${input.listAddress}.`,
    `Unsubscribe: ${input.unsubscribeToken}`,
  ];
  if (config.site.license) footer.push(`Content licensed ${config.site.license}.`);
  parts.push(footer.join('\n'));
  // Trailing blanks go, except in the "-- " signature separator.
  return parts.join('\n\n').replace(/(?<!^--)[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n') + '\n';
}
