// From one file's bytes to the Issue model plus the findings met on the way.
// Expected problems (no front matter, bad date, binary file) are findings,
// never exceptions: a bad issue must not stop `publish check` on the others.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Finding, Issue } from '../model.js';
import { parseFrontMatterDate } from './dates.js';
import { decodeSource } from './decode.js';
import { splitFrontMatter, type FrontMatterValue } from './front-matter.js';
import { languageSuffix } from './language-suffix.js';
import { endBudget, LimitExceeded, MAX_FILE_BYTES, nestingProblem, startBudget } from './limits.js';
import { renderBody, type RenderedBody } from './markdown.js';
import { canonicalPathOf, issueKey, derivedId } from './permalink.js';
import { scheduleOf } from './schedule.js';

export interface IssueParse {
  readonly issue?: Issue;
  readonly findings: readonly Finding[];
  /** Kept for lint rules that need the raw material. */
  readonly body?: RenderedBody;
  readonly lines?: readonly string[];
  readonly bodyLine?: number;
}


export function parseIssueFile(file: string, config: Config, cwd = process.cwd()): IssueParse {
  const source = path.relative(cwd, path.resolve(cwd, file)) || file;
  const read = readBounded(path.resolve(cwd, file));
  if (typeof read === 'string') return { findings: [finding('file', source, 0, `${source} ${read}`)] };
  return parseIssueBytes(read, source, config);
}

/**
 * The file's bytes, or why it was not read. Opened without blocking (a FIFO
 * would wait for a writer forever) and checked to be a regular file of at most
 * MAX_FILE_BYTES before one byte is read (a symlink to /dev/zero never ends).
 */
export function readBounded(full: string): Buffer | string {
  let fd: number;
  try {
    fd = openSync(full, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EISDIR' ? 'is a folder, not a file' : code === 'ENOENT' ? 'cannot be read: it does not exist (or is a dangling symlink)' : 'cannot be read';
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return 'is a folder, not a file';
    if (!stat.isFile()) return `is not a regular file (${stat.isFIFO() ? 'a named pipe' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'a special file'}): skipped`;
    if (stat.size > MAX_FILE_BYTES) return `is ${(stat.size / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit for an issue: skipped (is it really a newsletter issue?)`;
    // One byte more than the limit: a file that grew after fstat is still caught.
    const buffer = Buffer.alloc(Math.max(stat.size, 0) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_FILE_BYTES) return `is over the ${MAX_FILE_BYTES / 1048576} MB limit for an issue: skipped`;
    return buffer.subarray(0, length);
  } catch {
    return 'cannot be read';
  } finally {
    closeSync(fd);
  }
}

export function parseIssueBytes(bytes: Uint8Array, source: string, config: Config): IssueParse {
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return { findings: [finding('file', source, decoded.line, decoded.message)] };
  return parseIssueText(decoded.text, source, config, bytes);
}

export function parseIssueText(text: string, source: string, config: Config, bytes?: Uint8Array): IssueParse {
  const findings: Finding[] = [];
  const normalised = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') return { findings: [finding('file', source, 0, 'file is empty: an issue needs front matter (title, date) and a body')] };
  const split = splitFrontMatter(normalised);
  if (!split.ok) return { findings: [finding('front-matter', source, split.line, split.message)] };
  const fm = split.value;
  const get = (key: string): FrontMatterValue | undefined => fm.data[key];
  const lineOf = (key: string): number => fm.lines[key] ?? 1;

  const title = asString(get('title'));
  if (!title) findings.push(finding('front-matter', source, lineOf('title'), '`title` is missing or empty: add `title: The XMPP Newsletter …`'));

  const { draft, date, invalidDate, dateFromFileName } = scheduleOf(fm.data, source, config.site.timezone);
  if (invalidDate !== undefined) {
    findings.push(finding('front-matter', source, lineOf('date'), `\`date: ${invalidDate}\` is not a date: write YYYY-MM-DD, YYYY-MM-DD HH:MM or an ISO timestamp`));
  } else if (dateFromFileName) {
    findings.push(finding('front-matter', source, 1, `\`date\` is missing; using ${dateFromFileName} from the file name: add \`date: ${dateFromFileName}\` to make it explicit`, 'warning'));
  } else if (!date && !draft) {
    findings.push(finding('front-matter', source, 1, '`date` is missing: add `date: YYYY-MM-DD` to the front matter'));
  }
  const updatedRaw = get('lastmod') ?? get('updated') ?? get('modified');
  const updated = updatedRaw ? parseFrontMatterDate(String(updatedRaw), config.site.timezone) : undefined;

  const language = asString(get('lang')) ?? asString(get('language')) ?? languageSuffix(source) ?? config.site.language;
  const effectiveDate = date ?? '1970-01-01T00:00:00.000Z';
  const canonicalPath = canonicalPathOf(fm.data, { title: title ?? path.basename(source), date: effectiveDate, language, config });
  const canonicalUrl = config.site.url + canonicalPath;
  const nested = nestingProblem(fm.body, fm.bodyLine);
  if (nested) return { findings: [...findings, finding('file', source, nested.line, nested.message)] };
  let body: RenderedBody;
  startBudget(fm.body.length);
  try {
    body = renderBody(fm.body, fm.bodyLine, canonicalUrl, config.allowedSchemes);
  } catch (error) {
    // Expected limits become findings; anything else is a real bug and must surface.
    if (error instanceof LimitExceeded) return { findings: [...findings, finding('file', source, fm.bodyLine, error.message)] };
    if (error instanceof RangeError) return { findings: [...findings, finding('file', source, fm.bodyLine, 'the body is nested too deeply to render (runaway lists, quotes or brackets): flatten it')] };
    throw error;
  } finally {
    endBudget();
  }

  if (!title || !date) return { findings, body, lines: normalised.split('\n'), bodyLine: fm.bodyLine };

  const summary = asString(get('summary')) ?? asString(get('description')) ?? firstParagraph(body);
  const issue: Issue = {
    id: asString(get('id')) ?? derivedId(config.site.host, date, canonicalPath, config.site.timezone),
    key: issueKey(canonicalPath),
    source,
    dialect: fm.dialect,
    title,
    date,
    updated: updated && updated > date ? updated : date,
    authors: authorsOf(get('author') ?? get('authors')),
    language,
    ...(asString(get('translationkey')) ? { translationKey: asString(get('translationkey')) } : {}),
    canonicalUrl,
    canonicalPath,
    summary,
    ...editorsWords(get('announcement') ?? get('summary')),
    draft,
    categories: listOf(get('categories') ?? get('category')),
    intro: body.intro,
    sections: body.sections,
    images: body.images,
    links: body.links,
    html: body.html,
    text: body.text,
    sourceHash: createHash('sha256').update(bytes ?? normalised).digest('hex'),
  };
  return { issue, findings, body, lines: normalised.split('\n'), bodyLine: fm.bodyLine };
}

function firstParagraph(body: RenderedBody): string {
  const first = body.intro.text.split(/\n{2,}/).find((p) => p.trim() !== '') ?? body.text.split(/\n{2,}/).find((p) => p.trim() !== '') ?? '';
  return first.replace(/\s+/g, ' ').trim();
}

/** The `announcement` model field: only what editors wrote, Markdown reduced to plain text. */
function editorsWords(value: FrontMatterValue | undefined): { announcement?: string } {
  const text = asString(value);
  if (!text) return {};
  const plain = text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/(\*\*|__|`)/g, '').replace(/\s+/g, ' ').trim();
  return plain ? { announcement: plain } : {};
}

function asString(value: FrontMatterValue | undefined): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function listOf(value: FrontMatterValue | undefined): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(',').map((v) => v.trim()).filter(Boolean);
  return [];
}

function authorsOf(value: FrontMatterValue | undefined): string[] {
  const list = Array.isArray(value) ? value.map((v) => String(v)) : typeof value === 'string' ? value.split(/,|\band\b|&/) : [];
  return list.map((a) => a.trim()).filter(Boolean);
}

function finding(rule: string, file: string, line: number, message: string, severity: 'error' | 'warning' = 'error'): Finding {
  return { rule, severity, message, file, line };
}
