#!/usr/bin/env node
// Screenshots of the review page for the README: the bundled issue as
// `publish preview` serves it, at desktop and phone widths, in Debian's
// Chromium; then the email of three real issues at 600 and 375 px
// (scripts/email-shots.mjs). Run `npx tsc -p .` first (it imports the compiled dist/).
//   node scripts/screenshots.mjs [--out docs/screenshots]
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outDir = path.resolve(root, outIndex > 0 ? process.argv[outIndex + 1] : 'docs/screenshots');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const serverModule = path.join(root, 'dist/src/preview/server.js');

if (!existsSync(chromiumPath)) {
  console.error(`screenshots: ${chromiumPath} not found (apt-get install chromium, or set CHROMIUM=/path/to/chromium)`);
  process.exit(2);
}
if (!existsSync(serverModule)) {
  console.error('screenshots: dist/ is missing: run `npx tsc -p .` first');
  process.exit(2);
}

const { createPreviewServer } = await import(serverModule);
const { chromium } = await import('playwright-core');
const sink = { write: () => true };
const server = await createPreviewServer({ cwd: root, env: {}, stdout: sink, stderr: sink, file: 'content/2020-11-05-newsletter.md' });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
mkdirSync(outDir, { recursive: true });
try {
  const shots = [
    { name: 'preview-desktop.png', viewport: { width: 1280, height: 2300 } },
    { name: 'preview-mobile.png', viewport: { width: 390, height: 1400 }, scale: 2 },
  ];
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: shot.viewport, deviceScaleFactor: shot.scale ?? 1 });
    // Remote images (the site's logo) cannot load offline; block them so every run looks the same.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    await page.goto(server.startUrl, { waitUntil: 'load' });
    // Cross-origin (sandboxed) frames paint lazily: wait until each email frame has a document.
    for (const handle of await page.$$('iframe[data-message]')) {
      const frame = await handle.contentFrame();
      await frame?.waitForFunction(() => document.readyState === 'complete');
    }
    await page.waitForTimeout(300);
    const file = path.join(outDir, shot.name);
    await page.screenshot({ path: file });
    console.log(`screenshots: wrote ${path.relative(root, file)} (${shot.viewport.width}×${shot.viewport.height})`);
    await page.close();
  }
  // The email of three real issues (en, de, it) at 600 and 375 px.
  const { emailShots } = await import('./email-shots.mjs');
  await emailShots({ root, browser, outDir });
} finally {
  await browser.close();
  await server.close();
}
