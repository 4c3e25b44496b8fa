// Content styles (templates/email/content.css) are inlined by juice into the
// HTML inside <mj-text> elements only, in a single juice call before MJML
// runs. MJML's own `mj-style inline` would juice its whole table-laden output
// instead: the same result at three times the cost (≈ 9 ms vs 3 ms on the
// bundled issue), and it is one or the other, never both (DESIGN §9).
import juice from 'juice';
import type { Rendered } from './template-engine.js';

// Self-closing <mj-text … /> (in mj-attributes) has no content.
const MJ_TEXT = /(<mj-text\b[^>]*(?<!\/)>)([\s\S]*?)(<\/mj-text>)/g;
const SEPARATOR = '<!--np-mj-text-boundary-->';

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function inlineContentStyles(document: Rendered, css: string): Rendered {
  if (css.trim() === '') return document;
  const inners: string[] = [];
  for (const match of document.text.matchAll(MJ_TEXT)) inners.push(match[2]);
  if (inners.length === 0) return document;
  const styled = juice.inlineContent(inners.join(SEPARATOR), css, {
    applyStyleTags: false,
    removeStyleTags: false,
    preserveImportant: true,
    xmlMode: false,
  }).split(SEPARATOR);
  // Content HTML cannot contain the separator comment: neutralizeMjml keeps
  // comments, but a split count mismatch means it did; fall back unstyled.
  if (styled.length !== inners.length) return document;
  let i = 0;
  const text = document.text.replace(MJ_TEXT, (_whole, open: string, inner: string, close: string) => {
    const next = styled[i++];
    // Line origins must survive for template error messages: keep the line count.
    return open + (newlines(next) === newlines(inner) ? next : inner) + close;
  });
  return { text, origins: document.origins };
}
