import { readFileSync, writeFileSync, mkdirSync, cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot, tempDir } from './helpers.js';
import { fixtureProject } from '../fixtures/project.js';

function project(config: string): string {
  const dir = tempDir('np-cli-');
  writeFileSync(path.join(dir, 'publish.config.yaml'), config);
  mkdirSync(path.join(dir, 'content'));
  cpSync(path.join(fixtureProject, 'content/2020-11-05-newsletter.md'), path.join(dir, 'content/2020-11-05-newsletter.md'));
  return dir;
}

describe('publish CLI', () => {
  it('--help explains every command and the exit codes', () => {
    const run = cli(['--help']);
    expect(run.code).toBe(0);
    for (const word of ['publish check', 'publish release', 'publish preview', '--dry-run', '--channel', '--to', 'Exit codes']) expect(run.stdout).toContain(word);
    expect(run.stdout).toContain('feed, email, mastodon, twitter');
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(cli(['--version']).stdout.trim()).toBe(pkg.version);
  });

  it('an unknown option is a usage error (exit 2) with the catalogue code and a hint', () => {
    const run = cli(['--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error NP100: .*--frobnicate/);
    expect(run.stderr).toContain('what to do: Run `publish --help`');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown channel is exit 2 and lists the configured ones', () => {
    const run = cli(['--channel', 'fax', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('NP203');
    expect(run.stderr).toContain('configured: feed, email, mastodon, twitter');
  });

  it('a config with wrong keys lists every problem at once (exit 2)', () => {
    const dir = project('site:\n  url: not-a-url\n  titel: Oops\ncontnet: content\nchannels:\n  - name: feed\n');
    const run = cli(['check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('NP201');
    expect(run.stderr).toContain('site.titel: unknown key');
    expect(run.stderr).toContain('contnet: unknown key');
    expect(run.stderr).toContain('site.title: required key is missing');
    expect(run.stderr).toContain('site.url: must be an absolute http(s) URL');
  });

  it('a missing config file is exit 2 with what to do', () => {
    const run = cli(['check'], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('NP200');
  });

  it('no FILE checks the newest ready issue of the content folder', () => {
    const run = cli(['check']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('content/2020-11-05-newsletter.md:42: warning mojibake');
  });

  it('--all checks drafts too and fails on the template-state draft', () => {
    const run = cli(['check', '--all']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('content/2020-12-08-newsletter.md:133: error placeholder');
    expect(run.stdout).toContain('checked 2 files');
  });

  it('never prints a secret: values of secret variables are redacted everywhere', () => {
    const secret = 'hunter2-very-secret-password';
    const dir = project('site:\n  url: https://example.org\n  title: Example\n  timezone: Europe/Berlin\nchannels:\n  - name: email\n');
    const run = cli(['--dry-run', '--out', path.join(dir, 'out')], {
      cwd: dir,
      env: { SMTP_URL: `smtp://user:${secret}@127.0.0.1:1`, MASTODON_TOKEN: 'tok-123456789', UNSUBSCRIBE_SECRET: 'unsub-secret-1234' },
    });
    expect(run.stdout + run.stderr).not.toContain(secret);
    expect(run.stdout + run.stderr).not.toContain('unsub-secret-1234');
  });

  it('a dry run writes out/manifest.json listing artifacts and findings, and sends nothing', () => {
    const out = path.join(tempDir(), 'out');
    const run = cli(['--dry-run', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      artifacts: Array<{ issue: string | null; channel: string; path: string; mediaType: string }>;
      findings: Array<{ rule: string }>;
    };
    expect(manifest.findings.map((f) => f.rule)).toContain('mojibake');
    for (const artifact of manifest.artifacts) expect(existsSync(path.join(out, artifact.path)), artifact.path).toBe(true);
    expect(run.stdout).toContain('dry run: nothing was sent');
    expect(existsSync(path.join(fixtureProject, '.publish/ledger.json'))).toBe(false);
  });
});

describe('the config validator', () => {
  it('is generated from src/config-schema.json and up to date (run `npm run gen` after editing the schema)', async () => {
    const { generate, target } = (await import(path.join(repoRoot, 'scripts/gen-config-validator.mjs'))) as { generate: () => string; target: string };
    expect(readFileSync(target, 'utf8')).toBe(generate());
  });
});

describe('dry-run output folder', () => {
  it('refuses an --out that holds the project, and a re-run removes only what the last run wrote', () => {
    const dir = project('site:\n  url: https://example.org\n  title: Example\nchannels:\n  - name: feed\n');
    for (const out of ['.', '..', 'content']) {
      const run = cli(['--dry-run', '--out', out], { cwd: dir });
      expect(run.code, out).toBe(2);
      expect(run.stderr).toContain('NP103');
    }
    expect(existsSync(path.join(dir, 'content/2020-11-05-newsletter.md'))).toBe(true);

    const out = path.join(dir, 'review');
    mkdirSync(out);
    writeFileSync(path.join(out, 'keep-me.txt'), 'not ours');
    expect(cli(['--dry-run', '--out', out], { cwd: dir }).code).toBe(0);
    expect(cli(['--dry-run', '--out', out], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(out, 'keep-me.txt'), 'utf8')).toBe('not ours');
    expect(existsSync(path.join(out, 'feed/atom.xml'))).toBe(true);
  });
});

describe('dry run as a gate', () => {
  it('renders a draft with errors for review but exits 1', () => {
    const out = path.join(tempDir(), 'out');
    const run = cli(['--dry-run', '--out', out, 'content/2020-12-08-newsletter.md']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error placeholder');
    expect(existsSync(path.join(out, '2020-11-newsletter-11-november/email.html'))).toBe(true);
  });
});
