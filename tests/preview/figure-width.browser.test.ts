// A figure's width="200" honoured in real Chromium: the email (at 600 and 375
// px) and the feed entry show the image at most 200 px wide, and no image is
// ever wider than the column. The corpus issues with such figures come from
// INDEX.tsv; every image request is answered with a local 1200×800 PNG (the
// test machine is offline, and a broken image has no size to measure).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEmailChannel } from '../../channels/email/index.js';
import { toEntry } from '../../channels/feed/entry.js';
import { parseIssueText } from '../../src/parse/issue.js';
import { makeContext } from '../channels/email/helpers.js';
import { readCorpusIndex } from '../corpus-index.js';
import { hasChromium, launchChromium, repoRoot } from './helpers.js';

const corpus = path.resolve(repoRoot, '../shared/corpus/xsf');
const FIGURE_200 = /\{\{<\s*figure\b[^}]*\bwidth="200"[^}]*>\}\}/g;

/** A solid 1200×800 PNG, built by hand so the test needs no image library. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x5a)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const rows = readCorpusIndex(corpus).filter((r) => r.kind.startsWith('final'));
const withFigure = rows
  .map((r) => ({ file: path.join(corpus, r.file), text: readFileSync(path.join(corpus, r.file), 'utf8') }))
  .filter((r) => figureNames(r.text).length > 0);

function figureNames(text: string): string[] {
  return [...text.matchAll(FIGURE_200)].map((m) => path.basename(/src="([^"]+)"/.exec(m[0])?.[1] ?? ''));
}

interface Measured { readonly name: string; readonly width: number; readonly natural: number }

describe.skipIf(!hasChromium || withFigure.length === 0)('figure width in Chromium', () => {
  let browser: Browser;
  const image = png(1200, 800);
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function measure(html: string, viewport: number): Promise<Measured[]> {
    const page = await browser.newPage({ viewport: { width: viewport, height: 900 } });
    await page.route(/\.(png|jpe?g|gif|webp)(\?.*)?$/i, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: image }));
    await page.route(/^https?:/, (route) => (route.request().resourceType() === 'image' ? route.fulfill({ status: 200, contentType: 'image/png', body: image }) : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    const out = await page.evaluate(() => Array.from(document.images).map((img) => ({ name: img.src.split('/').pop() ?? '', width: img.getBoundingClientRect().width, natural: img.naturalWidth })));
    await page.close();
    return out;
  }

  test('the corpus has issues with width="200" figures (INDEX.tsv)', () => {
    expect(withFigure.length).toBeGreaterThan(0);
  });

  test.each([600, 375])('email at %i px: width="200" figures are at most 200 px, every image within the column', async (viewport) => {
    const { ctx } = makeContext();
    const channel = createEmailChannel();
    let checked = 0;
    for (const { file, text } of withFigure) {
      const issue = parseIssueText(text, file, ctx.config).issue;
      expect(issue, file).toBeDefined();
      const result = await channel.render(issue!, ctx);
      const images = await measure(String(result.artifacts[0]?.content), viewport);
      for (const name of figureNames(text)) {
        const img = images.find((i) => i.name === name);
        expect(img, `${file}: ${name}`).toBeDefined();
        expect(img!.natural, 'the image loaded').toBe(1200);
        expect(img!.width, `${file}: ${name} at ${viewport}`).toBeGreaterThan(0);
        expect(img!.width, `${file}: ${name} at ${viewport}`).toBeLessThanOrEqual(200);
        checked++;
      }
      for (const img of images) expect(img.width, `${file}: ${img.name}`).toBeLessThanOrEqual(Math.min(552, viewport));
    }
    expect(checked).toBeGreaterThan(0);
  });

  test('feed entry in a 600 px column: width="200" figures are at most 200 px', async () => {
    const { ctx } = makeContext();
    for (const { file, text } of withFigure) {
      const issue = parseIssueText(text, file, ctx.config).issue!;
      const html = `<!doctype html><meta charset="utf-8"><style>body{margin:0;width:600px}img{max-width:100%;height:auto}</style><body>${toEntry(issue).contentHtml}</body>`;
      const images = await measure(html, 600);
      for (const name of figureNames(text)) {
        const img = images.find((i) => i.name === name);
        expect(img?.width, `${file}: ${name}`).toBeGreaterThan(0);
        expect(img?.width, `${file}: ${name}`).toBeLessThanOrEqual(200);
      }
    }
  });
});
