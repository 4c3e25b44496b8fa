// out/index.html opened from disk in real Chromium, as a reviewer opens the
// CI artifact of a pull request: nothing running but the browser.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReviewPage } from '../../src/preview/render-page.js';
import type { ReviewModel } from '../../src/preview/review-model.js';
import { brightness, emailBackground, frameOf, scriptTraces, waitFor, watchPage } from './browser.js';
import { copyProject, dryRun, hasChromium, HOSTILE_ISSUE, launchChromium } from './helpers.js';

describe.skipIf(!hasChromium)('static review page in Chromium', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const project = copyProject();
    const out = await dryRun(project);
    url = pathToFileURL(path.join(out, 'index.html')).href;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(width: number, height = 900): Promise<{ page: Page; report: ReturnType<typeof watchPage> }> {
    const page = await browser.newPage({ viewport: { width, height } });
    const report = watchPage(page);
    await page.goto(url);
    return { page, report };
  }

  it('loads without errors and shows every channel of the bundled issue with content', async () => {
    const { page, report } = await open(1280);
    for (const channel of ['feed', 'email', 'mastodon', 'twitter']) {
      expect(await page.locator(`[data-issue="2020-10-newsletter-10-october"] section[data-channel="${channel}"]`).isVisible(), channel).toBe(true);
    }
    const desktop = await frameOf(page, 'iframe[data-message="desktop"]');
    expect(await desktop.locator('h1').first().textContent()).toBe('The XMPP Newsletter October 2020');
    const feed = await frameOf(page, 'iframe[data-feed-content]');
    expect(await feed.locator('body').textContent()).toContain('Welcome to the XMPP newsletter covering the month of October 2020.');
    expect(await page.locator('section[data-channel="mastodon"] .count').first().textContent()).toMatch(/^\d+ \/ 500$/);
    expect(await page.locator('section[data-channel="twitter"] .count').first().textContent()).toMatch(/^\d+ \/ 280$/);
    // Our own script ran (the CSP hash matches): it reveals the dark switch.
    expect(await page.locator('label.switch').first().isVisible()).toBe(true);
    expect(report.errors).toEqual([]);
    await page.close();
  });

  it('dark switch turns the email frames dark, and back', async () => {
    const { page } = await open(1280);
    const light = await emailBackground(await frameOf(page, 'iframe[data-message="desktop"]'));
    expect(brightness(light)).toBeGreaterThan(200);
    await page.locator('input[data-scheme-switch]').first().check();
    for (const kind of ['desktop', 'mobile']) {
      const dark = await waitFor(`${kind} frame to turn dark`, async () => {
        const bg = await emailBackground(await frameOf(page, `iframe[data-message="${kind}"]`));
        return brightness(bg) < 60 ? bg : undefined;
      }, 5_000);
      expect(dark).not.toBe(light);
    }
    await page.locator('input[data-scheme-switch]').first().uncheck();
    await waitFor('frame to turn light again', async () => {
      const bg = await emailBackground(await frameOf(page, 'iframe[data-message="desktop"]'));
      return bg === light ? bg : undefined;
    }, 5_000);
    await page.close();
  });

  it('the mobile frame is 375 px wide and the email needs no horizontal scroll in it', async () => {
    const { page } = await open(1280);
    const mobile = await frameOf(page, 'iframe[data-message="mobile"]');
    const metrics = await mobile.evaluate(() => ({ width: window.innerWidth, scroll: document.scrollingElement?.scrollWidth ?? 0, client: document.scrollingElement?.clientWidth ?? 0 }));
    expect(metrics.width).toBe(375);
    expect(metrics.scroll).toBeLessThanOrEqual(metrics.client);
    const desktop = await frameOf(page, 'iframe[data-message="desktop"]');
    expect(await desktop.evaluate(() => window.innerWidth)).toBeGreaterThanOrEqual(600);
    await page.close();
  });

  it('the page itself fits a phone screen', async () => {
    const { page } = await open(375, 812);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  });

  it('a finding links to its source line and opens the source view', async () => {
    const { page } = await open(1280);
    await page.locator('a[href="#src-2020-10-newsletter-10-october-l42"]').click();
    const line = page.locator('#src-2020-10-newsletter-10-october-l42');
    await waitFor('source line visible', async () => ((await line.isVisible()) ? true : undefined), 5_000);
    expect(await line.textContent()).toContain('√†');
    await page.close();
  });

  it('an issue with <script> in its body, title and attributes runs none of it', async () => {
    const project = copyProject();
    writeFileSync(path.join(project, 'content/2020-12-20-hostile.md'), HOSTILE_ISSUE);
    const out = await dryRun(project, [path.join(project, 'content/2020-12-20-hostile.md')]);
    const page = await browser.newPage();
    const report = watchPage(page);
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    await frameOf(page, 'iframe[data-message="desktop"]');
    await frameOf(page, 'iframe[data-feed-content]');
    await page.locator('a[href^="#src-"]').first().click();
    expect(await scriptTraces(page)).toEqual([]);
    expect(report.dialogs).toEqual([]);
    expect(await page.title()).not.toBe('pwned');
    expect(await page.locator('h2', { hasText: 'Hostile' }).first().textContent()).toContain("</title><script>top.__pwned = 'title'</script>");
    expect(report.errors).toEqual([]);
    await page.close();
  });

  it('an email artifact that does carry script (the page shows it as-is) cannot run it, in the frame or the page', async () => {
    const evil = `<!doctype html><html><head><script>window.__ran = 'email-head'; top.__pwned = 'email'</script></head>`
      + `<body style="background:#fff"><p>evil</p><img src="data:," onerror="window.__ran='onerror'">`
      + `<a id="x" href="javascript:top.__pwned='click'">click</a><form action="javascript:top.__pwned='form'"><button id="b">go</button></form></body></html>`;
    const model: ReviewModel = {
      siteTitle: 'Evil <script>top.__pwned="site"</script>', siteUrl: 'https://example.org', timeZone: 'UTC', channels: ['email', 'feed', 'mastodon', 'evil"><script>top.__pwned="channel"</script>'],
      issues: [], otherFindings: [], notes: ['<img src=x onerror="top.__pwned=\'note\'">'],
      reviews: [{
        summary: { key: 'k', id: 'i', title: 't', date: '2020-01-01T00:00:00Z', source: 's.md', draft: false, language: 'en', canonicalUrl: 'javascript:top.__pwned="url"', channels: [], errors: 0, warnings: 0, rendered: true },
        authors: [], description: '', findings: [], artifacts: [],
        cards: [
          { channel: 'email', card: { kind: 'message', issue: 'k', label: 'Mail <script>top.__pwned="label"</script>', html: evil, bytes: evil.length, budget: { bytes: 1, why: '<b>budget</b>' }, text: '</pre><script>top.__pwned="text"</script>', headers: [{ name: 'Subject', value: '<script>top.__pwned="subject"</script>', raw: '"><script>' }] } },
          { channel: 'feed', card: { kind: 'feed-entry', issue: 'k', label: 'Feed', feedTitle: 'f', files: [], entry: { id: 'i', link: 'https://x.example/', title: 't', published: '', updated: '', authors: [], summary: '', contentHtml: '<script>window.__ran="feed"</script><p>feed</p>', language: 'en' } } },
          { channel: 'mastodon', card: { kind: 'posts', issue: 'k', label: 'Posts', posts: [{ text: '<script>top.__pwned="post"</script> https://x.example/"><script>', length: 1, limit: 500, rule: '<img src=x onerror="top.__pwned=\'rule\'">' }] } },
          { channel: 'evil"><script>top.__pwned="channel"</script>', card: { kind: 'files', issue: 'k', label: 'Files', files: [{ path: '"><script>top.__pwned="path"</script>', description: '<script>top.__pwned="file"</script>' }] } },
        ],
      }],
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'np-preview-evil-'));
    writeFileSync(path.join(dir, 'index.html'), renderReviewPage(model));
    const page = await browser.newPage();
    const report = watchPage(page);
    await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
    const frame = await frameOf(page, 'iframe[data-message="desktop"]');
    expect(await frame.locator('p').textContent()).toBe('evil');
    await frame.locator('#x').click();
    await frame.locator('#b').click();
    await page.locator('input[data-scheme-switch]').first().check();
    await frameOf(page, 'iframe[data-message="desktop"]');
    await frameOf(page, 'iframe[data-feed-content]');
    expect(await scriptTraces(page)).toEqual([]);
    expect(report.dialogs).toEqual([]);
    // What the browser did report is the refusals themselves, by the sandbox and by the page's policy.
    expect(report.errors.length).toBeGreaterThan(0);
    for (const error of report.errors) expect(error).toMatch(/^console: (Running the JavaScript URL violates|Blocked form submission)/);
    await page.close();
  });
});
