// A deliberately tiny template language for the MJML files in templates/email/:
//   {{name}}     HTML-escaped value        {{{name}}}   raw value (MJML/HTML)
//   {{> part}}   the partial part.mjml from the same folder
// It keeps, for every output line, the template file and line it came from, so
// an MJML validation error can name the line of the template, not of the
// generated document (issue #3: "an invalid template is an error that names
// the template line").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PublishError } from '../../src/errors.js';

export interface Origin {
  readonly file: string;
  readonly line: number;
}

/** Generated text plus the origin of each of its lines (origins.length = line count). */
export interface Rendered {
  readonly text: string;
  readonly origins: readonly Origin[];
}

export type Value = string | number | Rendered;
export type Variables = Readonly<Record<string, Value>>;

const PLACEHOLDER = /\{\{\{\s*([A-Za-z][\w]*)\s*\}\}\}|\{\{\s*(>\s*)?([A-Za-z][\w-]*)\s*\}\}/g;
const MAX_DEPTH = 8;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

function isRendered(value: Value): value is Rendered {
  return typeof value === 'object';
}

class Builder {
  private readonly parts: string[] = [];
  readonly origins: Origin[];

  constructor(first: Origin) {
    this.origins = [first];
  }

  /** Template text starting at `line`: each new line keeps its own template line. */
  literal(text: string, file: string, line: number): void {
    this.parts.push(text);
    let n = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.origins.push({ file, line: line + ++n });
  }

  /** A substituted value: all its lines belong to the placeholder's line. */
  value(text: string, origin: Origin): void {
    this.parts.push(text);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.origins.push(origin);
  }

  rendered(value: Rendered): void {
    this.parts.push(value.text);
    for (let k = 1; k < value.origins.length; k++) this.origins.push(value.origins[k]);
  }

  result(): Rendered {
    return { text: this.parts.join(''), origins: this.origins };
  }
}

/** Loads every `*.mjml` of a template folder once; rendering is then pure string work. */
export class TemplateSet {
  private readonly sources = new Map<string, string>();

  constructor(readonly folder: string, private readonly displayRoot: string) {}

  private source(name: string, from?: Origin): { text: string; file: string } {
    const file = path.join(this.folder, `${name}.mjml`);
    let text = this.sources.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
      } catch {
        const where = from ? `${from.file}:${from.line}: ` : '';
        throw new PublishError('NP401', `email template "${name}.mjml" is missing`, [`${where}no file ${this.display(file)}`]);
      }
      this.sources.set(file, text);
    }
    return { text, file };
  }

  /** A non-template file of the folder (content.css), empty when the folder has none. */
  optional(name: string): string {
    const file = path.join(this.folder, name);
    let text = this.sources.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = '';
      }
      this.sources.set(file, text);
    }
    return text;
  }

  display(file: string): string {
    const relative = path.relative(this.displayRoot, file);
    return relative.startsWith('..') ? file : relative.split(path.sep).join('/');
  }

  render(name: string, variables: Variables): Rendered {
    return this.expand(name, variables, 0);
  }

  /** True when the named template mentions the placeholder (directly or through partials). */
  mentions(name: string, placeholder: string, depth = 0): boolean {
    const { text } = this.source(name);
    for (const match of text.matchAll(PLACEHOLDER)) {
      if ((match[1] ?? (match[2] ? undefined : match[3])) === placeholder) return true;
      if (match[2] && depth < MAX_DEPTH && this.mentions(match[3], placeholder, depth + 1)) return true;
    }
    return false;
  }

  private expand(name: string, variables: Variables, depth: number, from?: Origin): Rendered {
    const { text, file } = this.source(name, from);
    const shown = this.display(file);
    const out = new Builder({ file: shown, line: 1 });
    let line = 1;
    let last = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const index = match.index ?? 0;
      const before = text.slice(last, index);
      out.literal(before, shown, line);
      line += countNewlines(before);
      const origin = { file: shown, line };
      if (match[2]) {
        if (depth >= MAX_DEPTH) throw new PublishError('NP401', 'email template partials nest too deeply', [`${shown}:${line}: {{> ${match[3]}}}`]);
        out.rendered(this.expand(match[3], variables, depth + 1, origin));
      } else {
        const key = match[1] ?? match[3];
        const value = variables[key];
        if (value === undefined) {
          // File, line and the valid names: everything needed to fix a typo without opening the docs.
          throw new PublishError('NP401', `${shown}:${line}: unknown placeholder {{${key}}}`, [
            `valid placeholders: ${Object.keys(variables).sort().join(', ')}`,
          ]);
        }
        if (isRendered(value)) out.rendered(value);
        else out.value(match[1] ? String(value) : escapeHtml(String(value)), origin);
      }
      last = index + match[0].length;
    }
    out.literal(text.slice(last), shown, line);
    return out.result();
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Join rendered pieces (one per section) keeping their origins. */
export function joinRendered(pieces: readonly Rendered[], separator = '\n'): Rendered {
  if (pieces.length === 0) return { text: '', origins: [{ file: '(generated)', line: 0 }] };
  const texts: string[] = [];
  const origins: Origin[] = [];
  pieces.forEach((piece, i) => {
    texts.push(piece.text);
    if (i === 0) origins.push(...piece.origins);
    else {
      // The separator's newline starts the piece's first line.
      origins.push(...piece.origins);
    }
  });
  return { text: texts.join(separator), origins };
}
