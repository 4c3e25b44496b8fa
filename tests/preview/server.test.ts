// `publish preview`: a real HTTP server on 127.0.0.1, rebuilt by file
// watching, driven by real Chromium; plus its HTTP surface without a browser.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPreviewServer, startPreview, type PreviewServer } from '../../src/preview/server.js';
import { frameOf, scriptTraces, waitFor, watchPage } from './browser.js';
import { bundledIssue, copyProject, hasChromium, HOSTILE_ISSUE, launchChromium, repoRoot } from './helpers.js';

const sink = { write: (): boolean => true };

/** A project whose email templates are its own copy, so a test may edit them. */
function projectWithTemplates(): string {
  const project = copyProject();
  cpSync(path.join(repoRoot, 'templates/email'), path.join(project, 'templates/email'), { recursive: true });
  const configFile = path.join(project, 'publish.config.yaml');
  writeFileSync(configFile, readFileSync(configFile, 'utf8').replace(/- name: email\n/, '- name: email\n    templates: templates/email\n'));
  return project;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit of ${file} changed nothing`);
  writeFileSync(file, next);
}

describe('preview server over HTTP', () => {
  let project: string;
  let server: PreviewServer;

  beforeAll(async () => {
    project = copyProject();
    server = await createPreviewServer({ cwd: project, env: {}, stdout: sink, stderr: sink, file: bundledIssue });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('listens on 127.0.0.1 and starts on the named issue', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.startUrl).toBe(`${server.url}issues/2020-10-newsletter-10-october/`);
  });

  it('serves the index and one page per issue, under a policy that allows only its own script', async () => {
    const index = await get(server.url);
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toMatch(/script-src 'sha256-[^']+'; .*frame-ancestors 'none'/);
    expect(index.body).toContain('data-issue="2020-11-newsletter-11-november"');
    expect(index.body).toContain('data-issue="2020-10-newsletter-10-october"');
    const issue = await get(server.startUrl);
    expect(issue.status).toBe(200);
    for (const channel of ['feed', 'email', 'mastodon', 'twitter']) expect(issue.body).toContain(`data-channel="${channel}"`);
    // Drafts get a review too: that is when a reviewer needs one.
    expect((await get(`${server.url}issues/2020-11-newsletter-11-november/`)).status).toBe(200);
    expect((await get(`${server.url}issues/nope/`)).status).toBe(404);
  });

  it('serves raw artifacts sandboxed, and nothing outside its output folder', async () => {
    const email = await get(`${server.url}out/2020-10-newsletter-10-october/email.html`);
    expect(email.status).toBe(200);
    expect(email.headers['content-security-policy']).toMatch(/^sandbox /);
    expect((await get(`${server.url}out/2020-10-newsletter-10-october/email.eml`)).headers['content-type']).toBe('text/plain; charset=utf-8');
    expect((await get(`${server.url}out/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await get(`${server.url}out/%2e%2e/publish.config.yaml`)).status).toBe(404);
  });

  it('answers only to its own host name (no DNS rebinding) and only to reads', async () => {
    expect((await get(server.url, { Host: 'attacker.example' })).status).toBe(421);
    expect((await get(server.url, { Host: `localhost:${server.port}` })).status).toBe(200);
    expect((await get(server.url, {}, 'POST')).status).toBe(405);
  });

  it('announces the current build over Server-Sent Events', async () => {
    const first = await new Promise<string>((resolve, reject) => {
      const req = request(`${server.url}events`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        res.once('data', (chunk: string) => {
          resolve(chunk);
          req.destroy();
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(first).toContain(`event: build\ndata: ${server.build()}\n\n`);
  });
});

describe('startPreview (the CLI command)', () => {
  it('prints the address, never a secret, and stops when the signal aborts', async () => {
    const project = copyProject();
    const out: string[] = [];
    const capture = { write: (chunk: string): boolean => out.push(chunk) > 0 };
    const controller = new AbortController();
    const secret = 'sekrit-mastodon-token-4711';
    const done = startPreview({ cwd: project, env: { MASTODON_TOKEN: secret }, stdout: capture, stderr: capture, signal: controller.signal });
    const address = await waitFor('the address line', async () => /preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out.join(''))?.[1], 20_000);
    expect((await get(address)).status).toBe(200);
    controller.abort();
    await done;
    await expect(get(address)).rejects.toThrow();
    expect(out.join('')).not.toContain(secret);
    expect(out.join('')).toMatch(/preview: build 1: 2 issues rendered in \d+ ms/);
  });
});

describe.skipIf(!hasChromium)('preview server in Chromium', () => {
  let browser: Browser;
  let project: string;
  let server: PreviewServer;

  beforeAll(async () => {
    project = projectWithTemplates();
    server = await createPreviewServer({ cwd: project, env: {}, stdout: sink, stderr: sink, file: bundledIssue });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows every channel of the bundled issue', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const report = watchPage(page);
    await page.goto(server.startUrl);
    for (const channel of ['feed', 'email', 'mastodon', 'twitter']) {
      expect(await page.locator(`section[data-channel="${channel}"]:not([data-missing])`).isVisible(), channel).toBe(true);
    }
    const desktop = await frameOf(page, 'iframe[data-message="desktop"]');
    expect(await desktop.locator('h1').first().textContent()).toBe('The XMPP Newsletter October 2020');
    expect(report.errors).toEqual([]);
    await page.close();
  });

  // How fast (the 2 s budget) is bench/preview.bench.mjs's to measure: a timed assertion here
  // failed whenever CI's two cores were busy. Here: the open page follows the save by itself.
  it('saving the issue file updates the open page', async () => {
    const page = await browser.newPage();
    await page.goto(server.startUrl);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-build') !== null);
    const saved = Date.now();
    edit(path.join(project, bundledIssue), /^title: .*$/m, 'title: The XMPP Newsletter October 2020, revised');
    await page.waitForFunction(() => document.querySelector('h2')?.textContent === 'The XMPP Newsletter October 2020, revised', undefined, { timeout: 20_000 });
    console.log(`preview: issue edit visible in the open page after ${Date.now() - saved} ms (npm run bench -- preview measures it)`);
    const desktop = await frameOf(page, 'iframe[data-message="desktop"]');
    expect(await desktop.locator('h1').first().textContent()).toBe('The XMPP Newsletter October 2020, revised');
    await page.close();
  });

  it('saving an email template re-renders the email in the open page', async () => {
    const page = await browser.newPage();
    await page.goto(server.startUrl);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-build') !== null);
    const before = await page.evaluate(() => document.documentElement.getAttribute('data-build'));
    edit(path.join(project, 'templates/email/header.mjml'), '{{viewInBrowser}}', 'Read it online');
    await page.waitForFunction((b) => document.documentElement.getAttribute('data-build') !== b, before, { timeout: 20_000 });
    const desktop = await frameOf(page, 'iframe[data-message="desktop"]');
    expect(await desktop.locator('body').textContent()).toContain('Read it online');
    await page.close();
  });

  it('shows a broken config as an error page, and recovers when it is fixed', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const configFile = path.join(project, 'publish.config.yaml');
    const good = readFileSync(configFile, 'utf8');
    writeFileSync(configFile, good.replace('timezone: Europe/Berlin', 'timezone: Mars/Olympus'));
    await page.waitForFunction(() => document.body.textContent?.includes('Mars/Olympus'), undefined, { timeout: 5_000 });
    expect(await page.locator('h3').first().textContent()).toContain('NP201');
    writeFileSync(configFile, good);
    await page.waitForFunction(() => document.querySelector('#issues') !== null, undefined, { timeout: 5_000 });
    await page.close();
  });

  it('a hostile issue added while the preview runs gets a page that runs none of its script', async () => {
    writeFileSync(path.join(project, 'content/2020-12-20-hostile.md'), HOSTILE_ISSUE);
    const index = await browser.newPage();
    await index.goto(server.url);
    const link = index.locator('li[data-issue] a', { hasText: 'Hostile' });
    await waitFor('the new issue in the index', async () => ((await link.count()) > 0 ? true : undefined), 5_000);
    const page = await browser.newPage();
    const report = watchPage(page);
    await page.goto(new URL((await link.getAttribute('href')) ?? '', server.url).href);
    await frameOf(page, 'iframe[data-message="desktop"]');
    await frameOf(page, 'iframe[data-feed-content]');
    expect(await page.locator('h2').first().textContent()).toContain('<script>');
    expect(await scriptTraces(page)).toEqual([]);
    expect(await scriptTraces(index)).toEqual([]);
    expect(report.dialogs).toEqual([]);
    expect(report.errors).toEqual([]);
    await page.close();
    await index.close();
  });

  it('removes its private output folder when closed', async () => {
    const other = await createPreviewServer({ cwd: copyProject(), env: {}, stdout: sink, stderr: sink });
    expect((await get(`${other.url}out/manifest.json`)).status).toBe(200);
    expect(existsSync(path.join(other.outDir, 'manifest.json'))).toBe(true);
    await other.close();
    await expect(get(other.url)).rejects.toThrow();
    expect(existsSync(other.outDir)).toBe(false);
  });
});
