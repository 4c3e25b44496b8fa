// What a new team meets before its first issue is ready: a missing content
// folder is named as missing, and a folder holding only a draft is not an error.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../core/helpers.js';

const CONFIG = 'site:\n  url: https://news.example.org\n  title: Garden Notes\ncontent: issues\nchannels:\n  - name: feed\n';

function project(files: Record<string, string> = {}): string {
  const dir = tempDir('np-content-');
  writeFileSync(path.join(dir, 'publish.config.yaml'), CONFIG);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

// Each test spawns the CLI two or three times: generous on a busy CI machine.
describe('the content folder of a new newsletter', { timeout: 120_000 }, () => {
  it('a missing folder is reported as missing, naming it and the config, not as "no ready issue"', () => {
    const dir = project();
    const check = cli(['check'], { cwd: dir });
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('NP301');
    expect(check.stderr).toContain('the content folder issues does not exist (content: in publish.config.yaml)');
    const dry = cli(['--dry-run', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain('no issue in issues (the folder does not exist)');
  });

  it('only a draft: check lints the draft (exit 0) and a dry run says why nothing goes out', () => {
    const dir = project({ 'issues/2026-03-14-first.md': '---\ntitle: First\ndate: 2026-03-14\ndraft: true\n---\n\nHello, garden.\n' });
    const check = cli(['check'], { cwd: dir });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('checked 1 file: 0 errors, 0 warnings');
    const dry = cli(['--dry-run', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('issues/2026-03-14-first.md: skipped, it is a draft');
    expect(dry.stdout).toContain('nothing to publish: no issue is ready yet');
  });

  it('a draft with lint errors still fails check, so the first issue is linted while it is written', () => {
    const dir = project({ 'issues/2026-03-14-first.md': '---\ntitle: First\ndate: 2026-03-14\ndraft: true\n---\n\nHello, TODO.\n' });
    const check = cli(['check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('error placeholder');
  });
});
