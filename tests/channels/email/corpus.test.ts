// Every issue of the real corpus renders, stays under the 100 KB budget, has
// alt text on every image, no SVG <img>, and only absolute URLs.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createEmailChannel, type EmailPayload } from '../../../channels/email/index.js';
import { parseIssueFile } from '../../../src/parse/issue.js';
import { corpusFiles, corpusRoot, hasCorpus, makeContext } from './helpers.js';

const channel = createEmailChannel();

describe.skipIf(!hasCorpus)('email over the real corpus', () => {
  if (!hasCorpus) console.warn(`email corpus tests skipped: ${corpusRoot} is absent`);
  const { ctx } = makeContext();
  const files = corpusFiles();

  test('the corpus is there (else this suite is skipped)', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  test.each(files.map((f) => [path.relative(corpusRoot, f), f]))('%s', async (_name, file) => {
    const parsed = parseIssueFile(file, ctx.config, corpusRoot);
    if (!parsed.issue) return; // unparseable drafts are the parser's findings, not ours
    const result = await channel.render(parsed.issue, ctx);
    const payload = result.payload as EmailPayload;
    const html = String(result.artifacts[0].content);
    const sizeErrors = (result.findings ?? []).filter((f) => f.rule === 'email-size');
    // Either under budget, or the email-size rule says so with size and budget.
    if (payload.htmlBytes > 100 * 1024) expect(sizeErrors[0]?.message).toMatch(/over the 100\.0 KB budget/);
    else expect(sizeErrors).toEqual([]);
    expect(payload.htmlBytes).toBeLessThan(100 * 1024);
    for (const img of html.match(/<img\s[^>]*>/g) ?? []) {
      expect(img).toMatch(/\salt="[^"]+"/);
      expect(img).not.toMatch(/src="[^"]*\.svgz?(?:[?#][^"]*)?"/i);
    }
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) expect(m[1]).toMatch(/^(https?:|mailto:|xmpp:)/);
    const text = String(result.artifacts[1].content);
    expect(text).not.toMatch(/<\/?(?:p|div|a|img|table)\b/i);
  });
});
