// Email screenshots of real issues for the README (used by screenshots.mjs):
// three issues of the shared corpus (English, German, Italian), rendered by
// the email channel as a dry run renders them, at 600 and 375 px. Images are
// answered with a neutral placeholder: the machine is offline, and a broken
// image would hide how figures are laid out.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

export const EMAIL_ISSUES = [
  { file: 'xsf/hugo/2024-11-05_the-xmpp-newsletter-october-2024.en.md', name: 'email-en' },
  { file: 'xsf/hugo/2024-09-05_the-xmpp-newsletter-august-2024.de.md', name: 'email-de' },
  { file: 'xsf/hugo/2024-04-05_the-xmpp-newsletter-march-2024.it.md', name: 'email-it' },
];

function placeholderPng(width, height) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
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
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0xd0)]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))), chunk('IEND', Buffer.alloc(0))]);
}

/** Writes `<name>-600.png` and `<name>-375.png` for each issue; returns the paths written. */
export async function emailShots({ root, browser, outDir }) {
  const corpus = path.resolve(root, '../shared/corpus');
  if (!existsSync(corpus)) {
    console.error(`screenshots: ${corpus} is absent: email screenshots skipped`);
    return [];
  }
  const { parseConfig } = await import(path.join(root, 'dist/src/config.js'));
  const { parseIssueText } = await import(path.join(root, 'dist/src/parse/issue.js'));
  const { createEmailChannel } = await import(path.join(root, 'dist/channels/email/index.js'));
  const { parseEmailOptions } = await import(path.join(root, 'dist/channels/email/options.js'));
  const config = parseConfig('site:\n  url: https://xmpp.org\n  title: The XMPP Newsletter\n  language: en\n  timezone: Europe/Berlin\n  license: CC BY-SA 4.0\ncontent: content\nledger: .publish/ledger.json\n', path.join(root, 'publish.config.yaml'));
  const channel = createEmailChannel();
  const quiet = { info() {}, warn() {}, error() {}, redact: (s) => s };
  const ctx = { options: parseEmailOptions({}, {}, config), config, env: {}, cwd: root, log: quiet, archive: [], ledger: { published: () => undefined }, stateDir: path.join(root, '.publish'), progress: () => ({ update() {}, done() {} }), signal: new AbortController().signal };
  const image = placeholderPng(1200, 630);
  const written = [];
  for (const { file, name } of EMAIL_ISSUES) {
    const full = path.join(corpus, file);
    const issue = parseIssueText(readFileSync(full, 'utf8'), full, config).issue;
    const result = await channel.render(issue, ctx);
    const html = String(result.artifacts[0].content);
    for (const width of [600, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 1600 }, deviceScaleFactor: width < 500 ? 2 : 1 });
      await page.route(/^https?:/, (route) => (route.request().resourceType() === 'image' ? route.fulfill({ status: 200, contentType: 'image/png', body: image }) : route.abort()));
      await page.setContent(html, { waitUntil: 'load' });
      const out = path.join(outDir, `${name}-${width}.png`);
      await page.screenshot({ path: out });
      written.push(out);
      console.log(`screenshots: wrote ${path.relative(root, out)} (${file}, ${width} px)`);
      await page.close();
    }
  }
  return written;
}
