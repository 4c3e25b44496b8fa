// The content folder: every Markdown issue in it, parsed and linted once.
import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { PublishError } from './errors.js';
import { lintParsed } from './lint/index.js';
import type { Finding, Issue } from './model.js';
import { splitFrontMatter } from './parse/front-matter.js';
import { parseIssueFile, readBounded } from './parse/issue.js';
import { scheduleOf } from './parse/schedule.js';
import { applyTranslations } from './translations/content-hook.js';
import { withArchiveFindings } from './lint/archive.js';

import type { ContentEntry } from './model.js';

export type { ContentEntry };

export interface Content {
  /** Every issue that parsed, drafts included, oldest first. */
  readonly issues: Issue[];
  readonly findings: Finding[];
  readonly entries: readonly ContentEntry[];
}

const MARKDOWN = /\.(md|markdown)$/i;

export function listIssueFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: import('node:fs').Dirent[];
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of names) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // Symlinks, pipes and devices are listed too: checkFile reports them instead of reading them.
      else if (MARKDOWN.test(entry.name)) out.push(full);
    }
  };
  walk(folder);
  return out.sort();
}

/**
 * Every FILE named on the command line must exist and be a file: a typo stops
 * the command (NP300, exit 2) before any channel loads, and never falls back
 * to another issue. All missing files are listed at once.
 */
export function requireIssueFiles(cwd: string, files: readonly string[]): void {
  const problems: string[] = [];
  for (const file of files) {
    const full = path.resolve(cwd, file);
    let kind: string | undefined;
    try {
      // A FIFO or device that exists is the parser's to refuse with a `file`
      // finding (exit 1); only what is not there, or a folder, is a usage error.
      kind = statSync(full).isDirectory() ? 'is a folder, not an issue file' : undefined;
    } catch (error) {
      kind = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    if (kind) problems.push(`${file}: ${kind}`);
  }
  if (problems.length > 0) {
    throw new PublishError('NP300', `${problems.length === 1 ? problems[0] : `${problems.length} issue files not found`}; nothing was published`, problems.length === 1 ? [] : problems);
  }
}

/** Why a file in the content folder is a symlink that must not be followed, if it is one. */
function escapingLink(full: string, content: string): string | undefined {
  let link: boolean;
  try {
    link = lstatSync(full).isSymbolicLink();
  } catch {
    return undefined; // missing: parseIssueFile says so
  }
  if (!link || !isInside(full, content)) return undefined;
  try {
    const target = realpathSync(full);
    return isInside(target, realpathSync(content)) ? undefined : `is a symlink to ${target}, outside the content folder: skipped`;
  } catch {
    return 'is a dangling or looping symlink: skipped';
  }
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function checkFile(file: string, config: Config, cwd: string): ContentEntry {
  const source = path.relative(cwd, path.resolve(cwd, file)) || file;
  const escape = escapingLink(path.resolve(cwd, file), config.content);
  if (escape) return { file: source, findings: [{ rule: 'file', severity: 'error', file: source, line: 0, message: `${source} ${escape}` }] };
  const parsed = parseIssueFile(file, config, cwd);
  // Linted on first use: a release lints the issues it publishes, not the whole archive.
  let findings: readonly Finding[] | undefined;
  return {
    file: source,
    issue: parsed.issue,
    get findings() {
      findings ??= lintParsed(parsed, source, config.lint);
      return findings;
    },
  };
}

export function loadContent(config: Config, cwd: string = config.root): Content {
  // Translation sets: their lint findings, and localized titles (src/translations);
  // then the rules that compare every issue with the others (src/lint/archive.ts).
  const checked = listIssueFiles(config.content).map((file) => checkFile(file, config, cwd));
  const entries = withArchiveFindings(applyTranslations(checked, config, cwd), config, cwd);
  const issues = entries.flatMap((e) => (e.issue ? [e.issue] : [])).sort(byDate);
  return { issues, findings: entries.flatMap((e) => e.findings), entries };
}

export function byDate(a: Issue, b: Issue): number {
  // Plain code-unit order: ISO dates sort correctly, and it spares the ICU collator.
  return compare(a.date, b.date) || compare(a.key, b.key);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The newest ready issue's file, read from front matter only: `publish check`
 * with no FILE must not render every issue of a long archive to find it.
 */
export function newestReadyFile(config: Config, now: Date, cwd: string = config.root): string | undefined {
  return newestFile(config, cwd, (draft, date) => !draft && Date.parse(date) <= now.getTime());
}

/** The newest issue that is not ready yet (a draft or dated in the future): what an editor is writing. */
export function newestPendingFile(config: Config, now: Date, cwd: string = config.root): string | undefined {
  return newestFile(config, cwd, (draft, date) => draft || Date.parse(date) > now.getTime());
}

function newestFile(config: Config, cwd: string, accept: (draft: boolean, date: string) => boolean): string | undefined {
  let best: { file: string; date: string } | undefined;
  for (const file of listIssueFiles(config.content)) {
    if (escapingLink(file, config.content)) continue;
    const bytes = readBounded(file);
    if (typeof bytes === 'string') continue;
    const text = bytes.toString('utf8');
    const split = splitFrontMatter(text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n'));
    if (!split.ok) continue;
    const source = path.relative(cwd, file) || file;
    const { draft, date } = scheduleOf(split.value.data, source, config.site.timezone);
    if (!date || !accept(draft, date)) continue;
    if (!best || date > best.date || (date === best.date && file > best.file)) best = { file, date };
  }
  return best?.file;
}

/** Not a draft, and not dated in the future relative to `now`. */
export function isReady(issue: Issue, now: Date): boolean {
  return !issue.draft && Date.parse(issue.date) <= now.getTime();
}
