// `publish check`: lint named files, or the newest ready issue, or --all.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config.js';
import { withSiblings } from './translations/content-hook.js';
import { checkFile, listIssueFiles, newestPendingFile, newestReadyFile, requireIssueFiles } from './content.js';
import { PublishError } from './errors.js';
import { applyRuleSettings, hasErrors, sortFindings } from './lint/index.js';
import { idChanges } from './lint/id-changed.js';
import { withArchiveFindings } from './lint/archive.js';
import { Ledger } from './ledger.js';
import type { Finding } from './model.js';

export interface CheckOptions {
  readonly cwd: string;
  readonly configFile?: string;
  readonly files?: readonly string[];
  readonly all?: boolean;
  readonly now?: Date;
}

export interface CheckResult {
  readonly files: string[];
  readonly findings: Finding[];
  readonly ok: boolean;
}

export function check(options: CheckOptions): CheckResult {
  const config = loadConfig(options.cwd, options.configFile);
  requireIssueFiles(options.cwd, options.files ?? []);
  let files = [...(options.files ?? [])];
  if (files.length === 0 && options.all) files = listIssueFiles(config.content);
  if (files.length === 0) {
    const folder = path.relative(options.cwd, config.content) || config.content;
    if (!existsSync(config.content)) throw new PublishError('NP301', `the content folder ${folder} does not exist (content: in ${path.relative(options.cwd, config.file) || config.file})`);
    // No ready issue yet (a new newsletter's first draft): lint the one being written.
    const now = options.now ?? new Date();
    const newest = newestReadyFile(config, now) ?? newestPendingFile(config, now);
    if (!newest) throw new PublishError('NP301', `no issue in ${folder}`);
    files = [newest];
  }
  const findings: Finding[] = [];
  const checked: string[] = [];
  // A published issue whose id or URL moved: only knowable with the ledger, read when there is one.
  const ledger = existsSync(config.ledger) ? Ledger.load(config.ledger) : undefined;
  let entries = files.map((file) => withSiblings(checkFile(path.resolve(options.cwd, file), config, config.root), config, config.root, (sibling) => checkFile(sibling, config, config.root)));
  // With --all every issue is at hand: the rules that compare issues with each other run too.
  if (options.all) entries = withArchiveFindings(entries, config, config.root);
  for (const entry of entries) {
    checked.push(entry.file);
    findings.push(...entry.findings);
    if (ledger && entry.issue) findings.push(...applyRuleSettings(idChanges(entry.issue, entry.issue.id, ledger, config), config.lint));
  }
  const sorted = sortFindings(findings);
  return { files: checked, findings: sorted, ok: !hasErrors(sorted) };
}
