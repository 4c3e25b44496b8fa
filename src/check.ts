// `publish check`: lint named files, or the newest ready issue, or --all.
import path from 'node:path';
import { loadConfig } from './config.js';
import { checkFile, isReady, listIssueFiles, loadContent } from './content.js';
import { PublishError } from './errors.js';
import { hasErrors, sortFindings } from './lint/index.js';
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
  let files = [...(options.files ?? [])];
  if (files.length === 0 && options.all) files = listIssueFiles(config.content);
  if (files.length === 0) {
    const content = loadContent(config, options.cwd);
    const ready = content.issues.filter((i) => isReady(i, options.now ?? new Date()));
    const newest = ready[ready.length - 1];
    if (!newest) throw new PublishError('NP301', `no ready issue in ${path.relative(options.cwd, config.content) || config.content}`);
    files = [newest.source];
  }
  const findings: Finding[] = [];
  const checked: string[] = [];
  for (const file of files) {
    const entry = checkFile(file, config, options.cwd);
    checked.push(entry.file);
    findings.push(...entry.findings);
  }
  const sorted = sortFindings(findings);
  return { files: checked, findings: sorted, ok: !hasErrors(sorted) };
}
