// Splits a newsletter file into front matter and body, in the three dialects
// the real corpus uses: Hugo YAML, Pelican (`---` fenced `key: value` with
// save_as/blog_id/category), and fence-less Pelican metadata (This Week in Rust:
// `Title: …` lines up to the first blank line).
import { readYaml } from '../yaml.js';
import type { FrontMatterDialect } from '../model.js';

export type FrontMatterValue = string | number | boolean | null | FrontMatterValue[] | { [key: string]: FrontMatterValue };

export interface FrontMatter {
  readonly dialect: FrontMatterDialect;
  /** Keys lower-cased; string values trimmed (the corpus has trailing spaces). */
  readonly data: Readonly<Record<string, FrontMatterValue>>;
  /** 1-based line of each key, for findings. */
  readonly lines: Readonly<Record<string, number>>;
  readonly body: string;
  /** 1-based line of the body's first line in the file. */
  readonly bodyLine: number;
}

export type FrontMatterResult =
  | { readonly ok: true; readonly value: FrontMatter }
  | { readonly ok: false; readonly message: string; readonly line: number };

const FENCE = /^---[ \t]*$/;
const PLAIN_KEY = /^([A-Za-z][A-Za-z_-]*):[ \t]*(.*)$/;
const PELICAN_KEYS = new Set(['save_as', 'blog_id', 'category', 'status', 'modified']);

export function splitFrontMatter(text: string): FrontMatterResult {
  const lines = text.split('\n');
  if (FENCE.test(lines[0] ?? '')) return fenced(lines);
  return plain(lines);
}

function fenced(lines: string[]): FrontMatterResult {
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    if (FENCE.test(lines[i]) || /^\.\.\.[ \t]*$/.test(lines[i])) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    return { ok: false, line: 1, message: 'front matter opened with `---` on line 1 is never closed: add a `---` line after the last key' };
  }
  const source = lines.slice(1, end).join('\n');
  // CORE schema: dates stay strings, so we parse them ourselves with the configured zone.
  // Later duplicate keys win, as editors expect.
  const read = readYaml(source, { uniqueKeys: false });
  if (!read.ok) {
    if (read.message.includes('alias bomb')) return { ok: false, line: 2, message: 'front matter expands too many YAML aliases (*name): it looks like an alias bomb; write the values out' };
    return { ok: false, line: read.line + 1, message: `front matter is not valid YAML: ${read.message}` };
  }
  const parsed = read.value;
  if (parsed === null || parsed === undefined) {
    return { ok: false, line: 1, message: 'front matter is empty: add at least `title:` and `date:`' };
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, line: 2, message: `front matter must be a mapping of keys (title:, date:, …), not ${Array.isArray(parsed) ? 'a list' : 'a single value'}` };
  }
  const data = normalise(parsed as Record<string, unknown>);
  if (data === undefined) return { ok: false, line: 2, message: `front matter is nested more than ${MAX_DEPTH} levels or refers to itself (a recursive &anchor): write plain values` };
  const keyLines: Record<string, number> = {};
  for (let i = 1; i < end; i++) {
    const match = /^([A-Za-z_][\w-]*)\s*:/.exec(lines[i]);
    if (match) keyLines[match[1].toLowerCase()] ??= i + 1;
  }
  const dialect: FrontMatterDialect = Object.keys(data).some((k) => PELICAN_KEYS.has(k)) || /^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}/.test(String(data.date ?? ''))
    ? 'pelican'
    : 'hugo';
  return { ok: true, value: { dialect, data, lines: keyLines, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 } };
}

function plain(lines: string[]): FrontMatterResult {
  const data: Record<string, FrontMatterValue> = {};
  const keyLines: Record<string, number> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const match = PLAIN_KEY.exec(lines[i]);
    if (!match) break;
    const key = match[1].toLowerCase();
    data[key] = match[2].trim();
    keyLines[key] = i + 1;
  }
  // A lone "Note: …" sentence is prose, not metadata: demand a title.
  if (i === 0 || !('title' in data) || (lines[i] !== undefined && lines[i].trim() !== '')) {
    return { ok: false, line: 1, message: 'no front matter: start the file with a `---` block holding at least `title:` and `date:`' };
  }
  return { ok: true, value: { dialect: 'plain', data, lines: keyLines, body: lines.slice(i).join('\n'), bodyLine: i + 1 } };
}

// Front matter is a flat list of keys; a deeper tree is a mistake or an attack (`&a [*a]` is circular).
const MAX_DEPTH = 8;

class TooDeep extends Error {}

function normalise(raw: Record<string, unknown>): Record<string, FrontMatterValue> | undefined {
  const out: Record<string, FrontMatterValue> = {};
  try {
    for (const [key, value] of Object.entries(raw)) out[key.toLowerCase()] = clean(value, 1);
  } catch (error) {
    if (error instanceof TooDeep) return undefined;
    throw error;
  }
  return out;
}

function clean(value: unknown, depth: number): FrontMatterValue {
  if (depth > MAX_DEPTH) throw new TooDeep();
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  if (typeof value === 'object' && value !== undefined) {
    const out: Record<string, FrontMatterValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = clean(v, depth + 1);
    return out;
  }
  return null;
}
