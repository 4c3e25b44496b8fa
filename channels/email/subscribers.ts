// Subscriber lists (CSV, plain lines, JSON array, JSON Lines), read as a
// stream: memory stays flat however long the list is; only the set of keys
// already seen grows (a few dozen bytes per subscriber, split across shards).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { checkAddress } from '../../src/mail-address.js';
import { splitCsv } from '../../src/csv-line.js';

export interface RawEntry {
  readonly address: string;
  readonly name?: string;
  /** The reader's language (`language` column or key), a BCP 47 tag. */
  readonly language?: string;
  /** Line (CSV, JSON Lines) or entry number (JSON array), 1-based. */
  readonly position: number;
}

export interface Recipient {
  readonly address: string;
  readonly key: string;
  readonly name?: string;
  readonly language?: string;
}

export interface ListStats {
  read: number;
  valid: number;
  malformed: number;
  duplicates: number;
  suppressed: number;
}

export type ProblemReporter = (position: number, reason: string) => void;

export function emptyStats(): ListStats {
  return { read: 0, valid: 0, malformed: 0, duplicates: 0, suppressed: 0 };
}

async function* csvEntries(file: string, onProblem: ProblemReporter): AsyncGenerator<RawEntry> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let emailColumn = 0;
  let nameColumn = -1;
  let languageColumn = -1;
  let first = true;
  let position = 0;
  for await (const rawLine of lines) {
    position++;
    const line = position === 1 ? rawLine.replace(/^\ufeff/, '') : rawLine;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const fields = splitCsv(line);
    if (first) {
      first = false;
      const header = fields.map((f) => f.toLowerCase().replace(/[\s_-]+/g, ''));
      const email = header.findIndex((f) => f === 'email' || f === 'emailaddress' || f === 'address' || f === 'mail');
      if (email !== -1) {
        emailColumn = email;
        nameColumn = header.findIndex((f) => f === 'name' || f === 'fullname' || f === 'displayname');
        languageColumn = header.findIndex((f) => f === 'language' || f === 'lang' || f === 'locale');
        continue;
      }
      if (!fields.some((f) => f.includes('@'))) {
        onProblem(position, 'first line has no "email" column and no address; treating the first column as the address');
      }
    }
    const address = fields[emailColumn];
    if (address === undefined) {
      onProblem(position, 'no address in this row');
      continue;
    }
    const name = nameColumn >= 0 ? fields[nameColumn] : undefined;
    const language = languageTag(languageColumn >= 0 ? fields[languageColumn] : undefined);
    yield { address, name: name || undefined, ...(language ? { language } : {}), position };
  }
}

/** A well-formed language tag, lower case (`de`, `pt-br`); anything else is no language (the reader gets the original). */
function languageTag(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const tag = value.trim().toLowerCase().replace(/_/g, '-');
  return /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(tag) ? tag : undefined;
}

function entryFromJson(value: unknown, position: number, onProblem: ProblemReporter): RawEntry | undefined {
  if (typeof value === 'string') return { address: value, position };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const address = record.email ?? record.address;
    const name = record.name;
    const language = languageTag(record.language ?? record.lang);
    if (typeof address === 'string') return { address, name: typeof name === 'string' && name.trim() ? name : undefined, ...(language ? { language } : {}), position };
  }
  onProblem(position, 'entry is neither an address string nor an object with "email"');
  return undefined;
}

async function* jsonLinesEntries(file: string, onProblem: ProblemReporter): AsyncGenerator<RawEntry> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let position = 0;
  for await (const line of lines) {
    position++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      onProblem(position, 'line is not valid JSON');
      continue;
    }
    const entry = entryFromJson(value, position, onProblem);
    if (entry) yield entry;
  }
}

/**
 * A top-level JSON array, element by element: a small scanner tracks strings
 * and nesting so each element is parsed on its own, never the whole file.
 */
async function* jsonArrayEntries(file: string, onProblem: ProblemReporter): AsyncGenerator<RawEntry> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let position = 0;
  let started = false;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    const text = chunk as string;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '[' || c === '{') {
        depth++;
        if (depth === 1) {
          if (c !== '[') throw new Error('the JSON subscriber list must be an array');
          started = true;
          start = i + 1;
        }
      } else if (c === ']' || c === '}') {
        depth--;
        if (depth === 0) {
          element += text.slice(start, i);
          const entry = parseElement(element, ++position, onProblem);
          if (entry) yield entry;
          element = '';
          start = i + 1;
        }
      } else if (c === ',' && depth === 1) {
        element += text.slice(start, i);
        const entry = parseElement(element, ++position, onProblem);
        if (entry) yield entry;
        element = '';
        start = i + 1;
      }
    }
    if (depth >= 1) element += text.slice(start);
  }
  if (!started) throw new Error('the JSON subscriber list must be an array');
}

function parseElement(source: string, position: number, onProblem: ProblemReporter): RawEntry | undefined {
  if (source.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    onProblem(position, 'entry is not valid JSON');
    return undefined;
  }
  return entryFromJson(value, position, onProblem);
}

export function readEntries(file: string, onProblem: ProblemReporter): AsyncGenerator<RawEntry> {
  if (/\.(jsonl|ndjson)$/i.test(file)) return jsonLinesEntries(file, onProblem);
  if (/\.json$/i.test(file)) return jsonArrayEntries(file, onProblem);
  return csvEntries(file, onProblem);
}

/** Every address of a suppression list (unsubscribed, bounced), as keys. */
export async function readSuppression(file: string | undefined, onProblem: ProblemReporter): Promise<Set<string>> {
  const keys = new Set<string>();
  if (file === undefined) return keys;
  for await (const entry of readEntries(file, onProblem)) {
    const check = checkAddress(entry.address);
    if (check.ok) keys.add(check.key);
  }
  return keys;
}

export interface RecipientFilter {
  /**
   * Keep only the recipients whose key this returns true for, and dedupe only
   * those: a send shard passes its own test, so each shard's set of keys seen
   * holds its share of the list, not the whole list (memory stays flat
   * however many shards run). One address always lands in one shard, so a
   * duplicate is still caught by the shard that holds its first occurrence.
   */
  readonly only?: (key: string) => boolean;
  /** Where duplicates of kept recipients are reported; default the malformed-row reporter. */
  readonly onDuplicate?: ProblemReporter;
}

/**
 * Valid, unique, not suppressed recipients in file order. Malformed rows and
 * duplicates are reported through onProblem and counted in stats. With
 * `filter.only`, `read` and `malformed` still count every row while `valid`,
 * `duplicates` and `suppressed` count the kept recipients alone (so shards'
 * counts add up).
 */
export async function* recipients(
  file: string,
  suppressed: ReadonlySet<string>,
  stats: ListStats,
  onProblem: ProblemReporter,
  filter: RecipientFilter = {},
): AsyncGenerator<Recipient> {
  const seen = new Set<string>();
  const onDuplicate = filter.onDuplicate ?? onProblem;
  for await (const entry of readEntries(file, onProblem)) {
    stats.read++;
    const check = checkAddress(entry.address);
    if (!check.ok) {
      stats.malformed++;
      onProblem(entry.position, check.reason);
      continue;
    }
    if (filter.only && !filter.only(check.key)) continue;
    if (seen.has(check.key)) {
      stats.duplicates++;
      onDuplicate(entry.position, 'duplicate address (already listed earlier; sent once)');
      continue;
    }
    seen.add(check.key);
    if (suppressed.has(check.key)) {
      stats.suppressed++;
      continue;
    }
    stats.valid++;
    yield { address: check.address, key: check.key, name: entry.name, ...(entry.language ? { language: entry.language } : {}) };
  }
}

/** The list statistics of a sharded send: every shard reads every row; kept recipients are split. */
export function combineStats(perShard: readonly ListStats[]): ListStats {
  const total = emptyStats();
  total.read = perShard[0]?.read ?? 0;
  total.malformed = perShard[0]?.malformed ?? 0;
  for (const stats of perShard) {
    total.valid += stats.valid;
    total.duplicates += stats.duplicates;
    total.suppressed += stats.suppressed;
  }
  return total;
}
