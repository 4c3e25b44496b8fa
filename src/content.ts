// The content folder: every Markdown issue in it, parsed and linted once.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { lintParsed } from './lint/index.js';
import type { Finding, Issue } from './model.js';
import { parseIssueFile } from './parse/issue.js';

export interface ContentEntry {
  readonly file: string;
  readonly issue?: Issue;
  readonly findings: readonly Finding[];
}

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
      else if (MARKDOWN.test(entry.name)) out.push(full);
    }
  };
  walk(folder);
  return out.sort();
}

export function checkFile(file: string, config: Config, cwd: string): ContentEntry {
  const parsed = parseIssueFile(file, config, cwd);
  const source = path.relative(cwd, path.resolve(cwd, file)) || file;
  // Linted on first use: a release lints the issues it publishes, not the whole archive.
  let findings: readonly Finding[] | undefined;
  return {
    file: source,
    issue: parsed.issue,
    get findings() {
      findings ??= lintParsed(parsed, source);
      return findings;
    },
  };
}

export function loadContent(config: Config, cwd: string = config.root): Content {
  const entries = listIssueFiles(config.content).map((file) => checkFile(file, config, cwd));
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

/** Not a draft, and not dated in the future relative to `now`. */
export function isReady(issue: Issue, now: Date): boolean {
  return !issue.draft && Date.parse(issue.date) <= now.getTime();
}
