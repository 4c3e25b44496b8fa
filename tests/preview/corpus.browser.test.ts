// A whole release of real issues on one static page: the XMPP Newsletter's
// Pelican archive (../shared/corpus/xsf/pelican), every email in its 375 px
// frame, frames below the first issues loading as they scroll into view.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listIssueFiles } from '../../src/content.js';
import { brightness, emailBackground, frameOf, waitFor, watchPage } from './browser.js';
import { dryRun, hasChromium, launchChromium, repoRoot } from './helpers.js';
import { fixtureProject } from '../fixtures/project.js';

const pelican = path.resolve(repoRoot, '../shared/corpus/xsf/pelican');
const hasCorpus = existsSync(pelican);
if (!hasCorpus) console.warn(`[skip] ${pelican} not found: the corpus review page test is skipped`);

describe.skipIf(!hasChromium || !hasCorpus)('review page of the real Pelican archive', () => {
  it('renders every issue; every email is dark in dark mode and needs no horizontal scrolling at 375 px', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'np-preview-corpus-'));
    const config = readFileSync(path.join(fixtureProject, 'publish.config.yaml'), 'utf8').replace(/^content: .*$/m, `content: ${JSON.stringify(pelican)}`);
    writeFileSync(path.join(project, 'publish.config.yaml'), config);
    const files = listIssueFiles(pelican);
    const out = await dryRun(project, files);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const report = watchPage(page);
      // Remote images cannot load here; failing them at once keeps the test about layout.
      await page.route(/^https?:/, (route) => route.abort());
      await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
      const issues = await page.locator('article.issue').count();
      expect(issues).toBe(files.length);
      const mobiles = await page.$$('iframe[data-message="mobile"]');
      expect(mobiles.length).toBe(files.length);
      // Only the first issues' frames load with the page.
      expect(await page.locator('iframe[data-srcdoc]').count()).toBeGreaterThan(0);
      // Dark mode chosen before the deferred frames load applies to them as they arrive.
      await page.locator('input[data-scheme-switch]').first().check();
      const overflowing: string[] = [];
      for (const handle of mobiles) {
        await handle.scrollIntoViewIfNeeded();
        // The switch replaces the eager frames' documents: wait for the dark one.
        const frame = await waitFor('a dark email frame', async () => {
          const f = await frameOf(page, handle);
          return brightness(await emailBackground(f)) < 60 ? f : undefined;
        }, 5_000);
        const m = await frame.evaluate(() => ({ width: window.innerWidth, scroll: document.scrollingElement?.scrollWidth ?? 0, title: document.title }));
        expect(m.width).toBe(375);
        if (m.scroll > m.width) overflowing.push(`${m.title}: ${m.scroll}px`);
      }
      expect(overflowing).toEqual([]);
      expect(report.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
