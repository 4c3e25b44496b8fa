// Shared by the preview tests: a throw-away copy of the bundled project (so
// tests may edit issues and templates), an in-process dry run, and Debian's
// Chromium driven by playwright-core.
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { writeReviewPage } from '../../src/preview/static-page.js';
import { run } from '../../src/release.js';
import { fixtureProject } from '../fixtures/project.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[skip] ${CHROMIUM} not found: the preview's browser tests are skipped (.ci/run installs Debian's chromium)`);

export const bundledIssue = 'content/2020-11-05-newsletter.md';

/** A temp project with the bundled config and content; templates stay the package's own. */
export function copyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'np-preview-'));
  cpSync(path.join(fixtureProject, 'publish.config.yaml'), path.join(dir, 'publish.config.yaml'));
  cpSync(path.join(fixtureProject, 'content'), path.join(dir, 'content'), { recursive: true });
  return dir;
}

const sink = { write: (): boolean => true };

/** `publish --dry-run` in process, as the CLI runs it (the run, then the page it returns); returns the out folder. */
export async function dryRun(cwd: string, files?: string[]): Promise<string> {
  const outDir = path.join(cwd, 'out');
  const result = await run({ cwd, env: {}, stdout: sink, stderr: sink, files, dryRun: true, outDir });
  if (result.review) writeReviewPage(result.review);
  return outDir;
}

export function readOut(outDir: string, rel: string): string {
  return readFileSync(path.join(outDir, rel), 'utf8');
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // playwright-core gives every launch a fresh, temporary --user-data-dir.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** An issue whose every field tries to run script in the review page. */
export const HOSTILE_ISSUE = `---
title: "Hostile </title><script>top.__pwned = 'title'</script> issue"
date: 2020-12-20
author: "<img src=x onerror=\\"top.__pwned='author'\\">"
summary: "<script>top.__pwned = 'summary'</script>"
---

Intro with <script>top.__pwned = 'body'; document.title = 'pwned'</script> inline script.

<img src="x" onerror="top.__pwned = 'onerror'" alt="broken">

<iframe srcdoc="<script>top.__pwned = 'iframe'</script>"></iframe>

## Links

A [javascript link](javascript:top.__pwned='link') and <a href="javascript:top.__pwned='a'">a raw one</a>.

<svg onload="top.__pwned='svg'"><script>top.__pwned='svg-script'</script></svg>

\`<script>top.__pwned = 'code'</script>\`
`;
