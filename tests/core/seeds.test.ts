import { describe, expect, it } from 'vitest';
import { cli, hasShared, seed000, seed003 } from './helpers.js';
import type { Finding } from '../../src/model.js';

describe.skipIf(!hasShared)('publish check on the seed issues', () => {
  it('passes the October 2020 issue with only the mojibake warning and its fix', () => {
    const run = cli(['check', seed000, '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { findings: Finding[]; ok: boolean };
    expect(result.ok).toBe(true);
    expect(result.findings.every((f) => f.severity === 'warning')).toBe(true);
    const mojibake = result.findings.find((f) => f.rule === 'mojibake');
    expect(mojibake).toMatchObject({ severity: 'warning', line: 42, fix: 'voilà' });
    expect(mojibake?.message).toContain('√†');
  });

  it('prints human findings with file:line and exits 0', () => {
    const run = cli(['check', seed000]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/000_fb307372a97273fe\.txt:42: warning mojibake: "voil√†" .* "voilà"/);
    expect(run.stdout).toContain('0 errors, 1 warning');
  });

  it('fails the template-state November draft with every expected rule, each with its line', () => {
    const run = cli(['check', seed003, '--json']);
    expect(run.code).toBe(1);
    const { findings } = JSON.parse(run.stdout) as { findings: Finding[] };
    const at = (rule: string) => findings.filter((f) => f.rule === rule);
    expect(at('placeholder').map((f) => f.line)).toEqual([132]);
    expect(at('placeholder')[0].message).toContain('[CONTRIBUTORS]');
    expect(at('editor-note').map((f) => f.line)).toEqual([26, 32, 38, 44]);
    expect(at('empty-section')).toHaveLength(1);
    expect(at('empty-section')[0]).toMatchObject({ line: 48, severity: 'error' });
    expect(at('empty-section')[0].message).toContain('"Other"');
    expect(at('mojibake')[0]).toMatchObject({ line: 84, fix: 'isn’t' });
    expect(at('mojibake')[0].message).toContain('â€™');
    const bad = at('bad-url');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ line: 22, severity: 'error', fix: 'https://news.jabberfr.org/category/newsletter/' });
    expect(findings.every((f) => f.file.endsWith('003_7a65e1e7239cc95d.txt'))).toBe(true);
  });
});
