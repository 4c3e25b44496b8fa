// Broken link syntax as readers see it: what is left of `[`, `](` and `]`
// in the rendered text once marked has made every real link a link. Working
// on the visible text (not the source) means a link that renders is never
// reported, and each defect is found once, by the first pattern that fits.
import type { RenderedBody, VisibleRun } from '../parse/markdown.js';

export interface LinkDefect {
  readonly line: number;
  readonly message: string;
  readonly fix?: string;
  /** The visible text of the defect, to keep bad-url from reporting the same URL again. */
  readonly text: string;
}

const LINK = '\u0001';
// A host with a real-looking top-level domain, or anything with a scheme or a path.
const ADDRESS = String.raw`(?:https?:\/\/\S+|www\.[^\s\]]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|im|de|fr|io|eu|chat|dev|app|info|me|social|uk|nl|es|it|ch|at|pl|ru|se|fi|jp|us|ca|au|in|br|xyz|space|tech|network|cc|co|is|li)(?:\/[^\s\]]*)?)`;

interface Pattern {
  readonly re: RegExp;
  readonly describe: (m: RegExpExecArray) => { message: string; fix?: string };
}

const clip = (text: string): string => (text.length > 90 ? `${text.slice(0, 87)}…` : text).replace(/\n/g, '⏎').replace(/[\u0000\u0001]/g, '…');

// Order matters: the most specific explanation of a spot wins, and the spot is then consumed.
const PATTERNS: readonly Pattern[] = [
  {
    // `[text]((https://…)`: a doubled parenthesis.
    re: /\[([^\[\]\u0001]+)\]\(\((\S+?)\)\)?/g,
    describe: (m) => ({ message: `link "${clip(m[0])}" opens its URL with "((": remove one "("`, fix: `[${m[1]}](${m[2]})` }),
  },
  {
    // `[text]\n(https://…)` or `[text](\nhttps://…)`: link split over two lines.
    re: /\[([^\[\]\u0001]+)\](?:\n\s*\(|\([ \t]*\n\s*)(\S+?)\)/g,
    describe: (m) => ({ message: `link "${clip(m[0])}" is broken over a line, so readers see brackets: join "]" and "(" on one line`, fix: `[${m[1].replace(/\s+/g, ' ')}](${m[2]})` }),
  },
  {
    // `[text] (https://…)`: a space between the brackets.
    re: /\[([^\[\]\u0001]+)\][ \t]+\(((?:https?:|mailto:|xmpp:|www\.|\/)\S*?)\)/g,
    describe: (m) => ({ message: `link "${clip(m[0])}" has a space between "]" and "(", so it is not a link: remove the space`, fix: `[${m[1]}](${m[2]})` }),
  },
  {
    // `[text](https://exa mple.org)` or `[text](https://… XEP-0384)`: a space inside the parentheses.
    re: /\[([^\[\]\u0001]*)\]\(((?:https?:|mailto:|xmpp:|www\.|\/)[^\s()]*)\s+([^()\s"'][^()"']*)\)/g,
    describe: (m) => {
      // `news. jabberfr.org/…`: one address split by a space; otherwise words after the address.
      const split = /[./-]$/.test(m[2]) && /^[^\s,]+$/.test(m[3].trim());
      return split
        ? { message: `link "${clip(m[0])}" has a space inside its URL, so it is not a link: remove the space`, fix: `[${m[1]}](${m[2]}${m[3].trim()})` }
        : { message: `link "${clip(m[0])}" has text after the URL inside the parentheses, so it is not a link: move "${clip(m[3].trim())}" out of the parentheses`, fix: `[${m[1]}](${m[2]})` };
    },
  },
  {
    // `[text](` at the end of a line, the URL never written.
    re: /\[([^\[\]\u0001]+)\]\([ \t]*(?=\n|$)/g,
    describe: (m) => ({ message: `link "${clip(m[0])}" has no URL: the line ends after "("; add the address and ")"` }),
  },
  {
    // `[repo]](…)`, `Medium)](…)`, `[a](b)](c)`: a bracket too many or too few next to a link.
    re: /(?:\]|\)|\u0001)?\]\(([^()\s]*)\)?/g,
    describe: (m) => ({ message: `unbalanced brackets: readers see "${clip(m[0])}" as text: make it one [text](url) with one "[" and one "]"` }),
  },
  {
    // `[text][ref]` that did not become a link: the reference is not defined.
    re: /\[([^\[\]\u0001\u0000]+)\]\[([^\[\]\u0001\u0000]*)\]/g,
    describe: (m) => ({ message: `reference link "${clip(m[0])}" has no definition: add "[${m[2] || m[1]}]: https://…" below, or write [${m[1]}](https://…)` }),
  },
  {
    // `[xmpp.org/categories/newsletter/]` or `[https://…]`: an address in brackets is not a link.
    re: new RegExp(String.raw`\[\s*(${ADDRESS})\s*\](?![(\[:])`, 'gi'),
    describe: (m) => {
      const url = /^https?:/i.test(m[1]) ? m[1] : `https://${m[1]}`;
      return { message: `"${clip(m[0])}" is an address in brackets, not a link: write [text](${url}) or <${url}>`, fix: `<${url}>` };
    },
  },
];

const cache = new WeakMap<RenderedBody, LinkDefect[]>();

export function linkDefects(body: RenderedBody): LinkDefect[] {
  let found = cache.get(body);
  if (!found) {
    found = body.visibleRuns.flatMap(runDefects);
    cache.set(body, found);
  }
  return found;
}

function runDefects(run: VisibleRun): LinkDefect[] {
  if (!run.text.includes('[') && !run.text.includes(']')) return [];
  const out: LinkDefect[] = [];
  const taken: Array<[number, number]> = [];
  for (const { re, describe } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(run.text); m; m = re.exec(run.text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0] === '') { re.lastIndex++; continue; }
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      const line = run.line + (run.text.slice(0, start).match(/\n/g)?.length ?? 0);
      out.push({ line, text: m[0], ...describe(m) });
    }
  }
  return out;
}
