// Renders an issue body once with marked. Every link and image is resolved on
// the token tree (so we know its source line), the body is split into a
// section tree at headings, and each chunk is rendered and sanitized once; the
// whole-issue HTML is the concatenation of those chunks.
import { Marked, type Token, type Tokens } from 'marked';
import type { Image, Link, Section } from '../model.js';
import { decodeEntities } from '../html-entities.js';
import { checkDeadline } from './limits.js';
import { createLineIndex } from './line-index.js';
import { sanitizeHtml, type DroppedUrl } from './sanitize.js';
import { pixels, resetShortcodeSearch, shortcodeExtension, type ShortcodeToken } from './shortcodes.js';
import { resolveUrl, type UrlProblem } from './urls.js';
import { createSlugger } from './slug.js';

export interface UrlIssue {
  readonly raw: string;
  readonly problem: UrlProblem;
  readonly fix?: string;
  readonly line: number;
  readonly kind: 'link' | 'image';
}

export interface VisibleRun {
  readonly text: string;
  /** Line of the run's first character; newlines inside the run are kept. */
  readonly line: number;
}

export interface RenderedBody {
  readonly intro: { readonly html: string; readonly text: string };
  readonly sections: readonly Section[];
  readonly html: string;
  readonly text: string;
  readonly links: readonly Link[];
  readonly images: readonly Image[];
  readonly urlIssues: readonly UrlIssue[];
  /** Headings whose section has no content and no children: [heading, line]. */
  readonly emptySections: readonly { heading: string; line: number }[];
  /**
   * Inline text as readers see it around links: literal text kept, each
   * Markdown link or image replaced by U+0001, code and escapes by U+0000.
   * Leftover `](`, `[x][y]` or `[host.org/]` here are broken link syntax.
   */
  readonly visibleRuns: readonly VisibleRun[];
  /** Top-level paragraphs with their start line, for prose rules. */
  readonly paragraphs: readonly { text: string; raw: string; line: number }[];
}

let marked: Marked | undefined;

function getMarked(): Marked {
  if (marked) return marked;
  marked = new Marked({ gfm: true, breaks: false });
  marked.use({
    // The deadline "tokenizers" never match: marked calls them once per loop step, which bounds parse time.
    extensions: [
      shortcodeExtension,
      { name: 'deadline-block', level: 'block', tokenizer: () => { checkDeadline(); return undefined; } },
      { name: 'deadline-inline', level: 'inline', tokenizer: () => { checkDeadline(); return undefined; } },
    ],
    renderer: {
      link(token) {
        const inner = this.parser.parseInline(token.tokens);
        if (!token.href) return inner;
        const title = token.title ? ` title="${escapeAttr(token.title)}"` : '';
        return `<a href="${escapeAttr(token.href)}"${title}>${inner}</a>`;
      },
      image(token) {
        if (!token.href) return escapeText(token.text);
        const title = token.title ? ` title="${escapeAttr(token.title)}"` : '';
        return `<img src="${escapeAttr(token.href)}" alt="${escapeAttr(token.text)}"${title}>`;
      },
      heading(token) {
        const id = (token as Tokens.Heading & { anchor?: string }).anchor;
        return `<h${token.depth}${id ? ` id="${escapeAttr(id)}"` : ''}>${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
      },
    },
  });
  return marked;
}

interface Chunk {
  heading?: Tokens.Heading & { anchor: string; line: number };
  tokens: Token[];
  links: Link[];
  images: Image[];
}

export function renderBody(body: string, bodyLine: number, pageUrl: string, schemes: readonly string[] = []): RenderedBody {
  const md = getMarked();
  resetShortcodeSearch();
  const tokens = md.lexer(body);
  const lineAt = createLineIndex(body, bodyLine);
  const slugger = createSlugger();
  const urlIssues: UrlIssue[] = [];
  const visibleRuns: VisibleRun[] = [];
  const paragraphs: { text: string; raw: string; line: number }[] = [];
  const chunks: Chunk[] = [{ tokens: [], links: [], images: [] }];

  let cursor = 0;
  for (const token of tokens) {
    const found = body.indexOf(token.raw, cursor);
    const offset = found >= 0 ? found : cursor;
    cursor = offset + token.raw.length;
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading & { anchor: string; line: number };
      heading.anchor = slugger(inlineText(heading.tokens));
      heading.line = lineAt(offset);
      chunks.push({ heading, tokens: [], links: [], images: [] });
      continue;
    }
    const chunk = chunks[chunks.length - 1];
    if (token.type === 'paragraph') paragraphs.push({ text: inlineText((token as Tokens.Paragraph).tokens), raw: token.raw, line: lineAt(offset) });
    resolveTokens([token], offset, { body, lineAt, pageUrl, schemes, chunk, urlIssues, visibleRuns });
    chunk.tokens.push(token);
  }

  // Raw HTML URLs the sanitizer drops are findings too, at the line that holds them.
  const onDropped = (dropped: DroppedUrl): void => {
    const at = body.indexOf(dropped.raw);
    urlIssues.push({ raw: dropped.raw, problem: dropped.problem, line: lineAt(at >= 0 ? at : 0), kind: 'link' });
  };
  const rendered = chunks.map((chunk) => {
    const own = sanitizeHtml(md.parser(chunk.tokens), pageUrl, schemes, onDropped);
    const text = blocksText(chunk.tokens);
    const heading = chunk.heading ? sanitizeHtml(md.parser([chunk.heading]), pageUrl, schemes, onDropped) : '';
    return { chunk, own, text, heading };
  });

  // Nest sections by heading level.
  interface Building { section: MutableSection; level: number }
  type MutableSection = { -readonly [K in keyof Section]: Section[K] } & { children: MutableSection[] };
  const roots: MutableSection[] = [];
  const stack: Building[] = [];
  const emptySections: { heading: string; line: number }[] = [];
  for (const { chunk, own, text, heading: headingTag } of rendered.slice(1)) {
    const heading = chunk.heading!;
    const section: MutableSection = {
      heading: inlineText(heading.tokens), headingHtml: headingTag.replace(/^\s*<h\d[^>]*>|<\/h\d>\s*$/g, ''), level: heading.depth, anchor: heading.anchor, line: heading.line,
      html: own, text, links: chunk.links, images: chunk.images, children: [],
    };
    while (stack.length > 0 && stack[stack.length - 1].level >= heading.depth) stack.pop();
    if (stack.length === 0) roots.push(section);
    else stack[stack.length - 1].section.children.push(section);
    stack.push({ section, level: heading.depth });
  }
  const visit = (sections: MutableSection[]): void => {
    for (const s of sections) {
      if (s.children.length === 0 && s.text.trim() === '' && s.images.length === 0) emptySections.push({ heading: s.heading, line: s.line });
      visit(s.children);
    }
  };
  visit(roots);

  const html = rendered.map(({ heading, own }) => heading + own).join('');
  const text = rendered.map(({ chunk, text }) => (chunk.heading ? `${inlineText(chunk.heading.tokens)}\n\n` : '') + text).join('\n').trim();
  return {
    intro: { html: rendered[0].own, text: rendered[0].text },
    sections: roots,
    html,
    text,
    links: chunks.flatMap((c) => c.links),
    images: chunks.flatMap((c) => c.images),
    urlIssues,
    visibleRuns,
    emptySections,
    paragraphs,
  };
}

interface ResolveScope {
  readonly body: string;
  readonly lineAt: (offset: number) => number;
  readonly pageUrl: string;
  readonly schemes: readonly string[];
  readonly chunk: Chunk;
  readonly urlIssues: UrlIssue[];
  readonly visibleRuns: VisibleRun[];
}

function resolveTokens(tokens: Token[], base: number, scope: ResolveScope): void {
  const { body, lineAt, pageUrl, schemes, chunk, urlIssues } = scope;
  let cursor = base;
  for (const token of tokens) {
    const found = token.raw ? body.indexOf(token.raw, cursor) : -1;
    const offset = found >= 0 ? found : cursor;
    if (found >= 0) cursor = found + token.raw.length;
    const line = lineAt(offset);
    const inline = (token as { tokens?: Token[] }).tokens;
    if ((token.type === 'paragraph' || token.type === 'text') && inline) scope.visibleRuns.push({ text: visibleText(inline), line });
    if (token.type === 'table') {
      const table = token as Tokens.Table;
      for (const cell of [...table.header, ...table.rows.flat()]) scope.visibleRuns.push({ text: visibleText(cell.tokens), line });
    }
    if (token.type === 'link' || token.type === 'image') {
      const t = token as Tokens.Link | Tokens.Image;
      const raw = t.href;
      const resolved = resolveUrl(raw, pageUrl, schemes);
      if (resolved.problem) urlIssues.push({ raw, problem: resolved.problem, fix: resolved.fix, line, kind: token.type });
      t.href = resolved.href ?? '';
      if (resolved.href) {
        if (token.type === 'link') chunk.links.push({ href: resolved.href, text: inlineText((t as Tokens.Link).tokens), line });
        else chunk.images.push({ src: resolved.href, alt: t.text, ...(t.title ? { title: t.title } : {}), line });
      }
    } else if (token.type === 'shortcode') {
      const sc = token as ShortcodeToken;
      if (sc.name === 'figure' && sc.params.src) {
        const resolved = resolveUrl(sc.params.src, pageUrl, schemes);
        if (resolved.problem) urlIssues.push({ raw: sc.params.src, problem: resolved.problem, fix: resolved.fix, line, kind: 'image' });
        if (resolved.href) {
          sc.params.src = resolved.href;
          if (sc.tokens) resolveTokens(sc.tokens, offset, scope);
          sc.captionText = sc.tokens ? inlineText(sc.tokens).replace(/\s+/g, ' ').trim() : undefined;
          chunk.images.push(figureImage(sc, resolved.href, line, pageUrl, schemes));
        } else delete sc.params.src;
        if (sc.params.link) {
          const link = resolveUrl(sc.params.link, pageUrl, schemes);
          if (link.problem && link.problem !== 'page-relative') urlIssues.push({ raw: sc.params.link, problem: link.problem, fix: link.fix, line, kind: 'link' });
          if (link.href) sc.params.link = link.href;
          else delete sc.params.link;
        }
      }
    }
    // A figure's caption tokens were resolved above, with the figure.
    const children = token.type === 'shortcode' ? [] : childTokens(token);
    if (children.length > 0) resolveTokens(children, offset, scope);
  }
}

/** The model's view of a figure: plain caption for alt text, rendered caption, size asked for. */
function figureImage(sc: ShortcodeToken, src: string, line: number, pageUrl: string, schemes: readonly string[]): Image {
  const caption = sc.captionText ?? sc.params.title;
  const alt = sc.params.alt ?? caption ?? '';
  const captionHtml = sc.tokens ? sanitizeHtml(getMarked().Parser.parseInline(sc.tokens, getMarked().defaults), pageUrl, schemes) : undefined;
  const width = pixels(sc.params.width);
  const height = pixels(sc.params.height);
  return { src, alt, ...(caption ? { caption } : {}), ...(captionHtml ? { captionHtml } : {}), ...(width ? { width } : {}), ...(height ? { height } : {}), line };
}

function childTokens(token: Token): Token[] {
  const out: Token[] = [];
  const t = token as Token & { tokens?: Token[]; items?: Tokens.ListItem[]; header?: Tokens.TableCell[]; rows?: Tokens.TableCell[][] };
  if (t.type === 'list') for (const item of t.items ?? []) out.push(item);
  else if (t.type === 'table') {
    for (const cell of t.header ?? []) out.push(...cell.tokens);
    for (const row of t.rows ?? []) for (const cell of row) out.push(...cell.tokens);
  } else if (t.tokens) out.push(...t.tokens);
  return out;
}

// Keeps the line count of what a placeholder stands for.
function stand(mark: string, raw: string): string {
  return mark + '\n'.repeat(raw.split('\n').length - 1);
}

function visibleText(tokens: readonly Token[]): string {
  let out = '';
  for (const token of tokens) {
    const t = token as Token & { tokens?: Token[] };
    if (t.type === 'link' || t.type === 'image') {
      // A bare or <angle> URL GFM made a link is still shown as written: keep it.
      out += t.raw.startsWith('[') || t.raw.startsWith('!') ? stand('\u0001', t.raw) : t.raw;
    } else if (t.type === 'text' && !t.tokens) out += t.raw;
    else if (t.tokens) out += visibleText(t.tokens);
    else out += stand('\u0000', t.raw);
  }
  return out;
}

/** Plain text of inline tokens (what a reader sees, without markup). */
export function inlineText(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  let out = '';
  // marked splits inline `<script>alert(1)</script>` into three tokens: the text between
  // the tags is code, never words a reader sees (nor a summary, a preheader or a post).
  let hiddenUntil: string | undefined;
  for (const token of tokens) {
    const t = token as Token & { tokens?: Token[]; text?: string };
    if (hiddenUntil) {
      if (t.type === 'html' && new RegExp(`^</${hiddenUntil}\\s*>`, 'i').test(t.raw.trim())) hiddenUntil = undefined;
      continue;
    }
    const opens = t.type === 'html' ? RAW_TEXT_OPEN.exec(t.raw.trim()) : null;
    if (opens?.[1] && !/\/>$/.test(t.raw.trim()) && !new RegExp(`</${opens[1]}\\s*>`, 'i').test(t.raw)) {
      hiddenUntil = opens[1].toLowerCase();
      continue;
    }
    if (t.type === 'br') out += '\n';
    else if (t.type === 'image') out += (t as Tokens.Image).text;
    else if (t.type === 'html') out += stripTags(t.raw);
    else if (t.type === 'codespan') out += (t as Tokens.Codespan).text;
    else if (t.tokens) out += inlineText(t.tokens);
    else if (t.type === 'escape') out += t.text ?? '';
    else out += decodeEntities(t.text ?? t.raw);
  }
  return out;
}

function blocksText(tokens: readonly Token[], indent = ''): string {
  const parts: string[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'space': break;
      case 'paragraph': case 'text': parts.push(indent + inlineText((token as Tokens.Paragraph).tokens ?? [token]).replace(/\n/g, ' ')); break;
      case 'heading': parts.push(inlineText((token as Tokens.Heading).tokens)); break;
      case 'code': parts.push((token as Tokens.Code).text); break;
      case 'blockquote': parts.push(blocksText((token as Tokens.Blockquote).tokens, indent + '> ')); break;
      case 'list': {
        const list = token as Tokens.List;
        list.items.forEach((item, i) => {
          const marker = list.ordered ? `${Number(list.start || 1) + i}. ` : '- ';
          const inner = blocksText(item.tokens, '').split('\n').filter((l) => l.trim() !== '');
          parts.push(inner.map((l, j) => indent + (j === 0 ? marker : '  ') + l).join('\n'));
        });
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        const row = (cells: Tokens.TableCell[]) => cells.map((c) => inlineText(c.tokens)).join(' | ');
        parts.push([row(table.header), ...table.rows.map(row)].join('\n'));
        break;
      }
      case 'html': { const text = stripTags(token.raw).trim(); if (text) parts.push(text); break; }
      case 'shortcode': { const sc = token as ShortcodeToken; const caption = sc.captionText ?? sc.params.caption; if (caption) parts.push(caption); break; }
      case 'hr': parts.push('---'); break;
      default: break;
    }
  }
  return parts.join('\n\n');
}

// Elements whose content is code or hidden markup, not text a reader sees.
const RAW_TEXT = 'script|style|template|noscript|textarea|title|iframe|noembed|noframes|xmp';
const RAW_TEXT_OPEN = new RegExp(`^<(${RAW_TEXT})\\b[^>]*>$`, 'i');
const RAW_TEXT_ELEMENT = new RegExp(`<(${RAW_TEXT})\\b[\\s\\S]*?<\\/\\1\\s*>`, 'gi');

function stripTags(html: string): string {
  return decodeEntities(html.replace(/<!--[\s\S]*?-->/g, '').replace(RAW_TEXT_ELEMENT, '').replace(/<[^>]*>/g, ''));
}


function escapeAttr(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function escapeText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
