// render(): what a dry run writes for the bundled issue, checked the way a
// mail client and a reviewer would, plus hostile content and broken templates.
import { mkdirSync, readFileSync, writeFileSync, readdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import mjml2html from 'mjml';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, test } from 'vitest';
import { createEmailChannel, type EmailPayload } from '../../../channels/email/index.js';
import type { Artifact, RenderResult } from '../../../src/channel.js';
import { isPublishError } from '../../../src/errors.js';
import type { Issue } from '../../../src/model.js';
import { bundledIssue, makeContext, repoRoot, tempDir } from './helpers.js';

const channel = createEmailChannel();
let issue: Issue;
let result: RenderResult<EmailPayload>;

function artifact(r: RenderResult<unknown>, name: string): Artifact {
  const found = r.artifacts.find((a) => a.path.endsWith(`/${name}`));
  if (!found) throw new Error(`no ${name}`);
  return found;
}

function text(a: Artifact): string {
  return typeof a.content === 'string' ? a.content : Buffer.from(a.content).toString('utf8');
}

function urlsOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}

beforeAll(async () => {
  issue = bundledIssue();
  const { ctx } = makeContext({ raw: { unsubscribeMailto: 'leave@xmpp.org' } });
  result = (await channel.render(issue, ctx)) as RenderResult<EmailPayload>;
});

describe('dry-run artifacts of the bundled issue', () => {
  test('writes email.html, email.txt and email.eml under the issue key', () => {
    expect(result.artifacts.map((a) => [a.path, a.mediaType])).toEqual([
      [`${issue.key}/email.html`, 'text/html'],
      [`${issue.key}/email.txt`, 'text/plain'],
      [`${issue.key}/email.eml`, 'message/rfc822'],
    ]);
  });

  test('the HTML is valid MJML output: re-validating the template strictly passes, under 100 KB', async () => {
    const { buildMjml } = await import('../../../channels/email/render-html.js');
    const { TemplateSet } = await import('../../../channels/email/template-engine.js');
    const { ctx } = makeContext({ raw: { unsubscribeMailto: 'leave@xmpp.org' } });
    const doc = buildMjml(new TemplateSet(path.join(repoRoot, 'templates/email'), repoRoot), { issue, config: ctx.config, unsubscribeToken: result.payload.tokens.unsubscribeHtml, listAddress: 'newsletter@xmpp.org' });
    const strict = await mjml2html(doc.text, { validationLevel: 'strict', minifyOptions: { minifyCss: false } });
    expect(strict.errors).toEqual([]);
    expect(strict.html).toContain(result.payload.tokens.unsubscribeHtml);
    const html = text(artifact(result, 'email.html'));
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
    expect(result.findings).toEqual([]);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)/);
    expect(html).toContain('<!--[if mso'); // MJML's Outlook tables
    expect(html).toContain('View in browser');
    expect(html).toContain(issue.canonicalUrl);
    expect(html).toContain(issue.summary.slice(0, 40));
    // Content styles inlined once (no juice pass on top of MJML's own).
    expect(html).toMatch(/<p style="margin: 0 0 12px;">The XSF started/);
    expect(html).not.toMatch(/margin: 0 0 12px; margin: 0 0 12px/);
  });

  test('every image has alt text, is raster, fits 600 px; no relative or unsafe URL anywhere', () => {
    const html = text(artifact(result, 'email.html'));
    const images = [...html.matchAll(/<img\s[^>]*>/g)].map((m) => m[0]);
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) {
      expect(img).toMatch(/\salt="[^"]+"/);
      expect(img).not.toMatch(/\.svg"/i);
      const width = /\swidth="(\d+)"/.exec(img);
      expect(width, img).not.toBeNull();
      expect(Number(width?.[1])).toBeLessThanOrEqual(600);
    }
    for (const url of urlsOf(html)) expect(url).toMatch(/^(https?:|mailto:|xmpp:)/);
  });

  test('the plain text is built from the model: underlined headings, numbered links listed once', () => {
    const body = text(artifact(result, 'email.txt'));
    expect(body).toMatch(/^The XMPP Newsletter October 2020\n=+$/m);
    expect(body).toMatch(/^XSF Announcements\n-{17}$/m);
    expect(body).toMatch(/application page \[\d+\]/);
    const list = body.slice(body.indexOf('\nLinks:\n'));
    const numbered = [...list.matchAll(/^\[(\d+)\] (\S+)$/gm)];
    expect(numbered.length).toBeGreaterThan(10);
    expect(new Set(numbered.map((m) => m[2])).size).toBe(numbered.length);
    expect(numbered.map((m) => Number(m[1]))).toEqual(numbered.map((_, i) => i + 1));
    expect(body).not.toMatch(/<[a-z]+[\s>]/i);
    expect(body).toMatch(/^Unsubscribe: https:\/\/xmpp\.org\/unsubscribe\?email=subscriber%40example\.com&token=[\w-]{43}$/m);
  });

  test('the .eml parses with mailparser as multipart/alternative with every list header', async () => {
    const eml = artifact(result, 'email.eml');
    const mail = await simpleParser(Buffer.from(eml.content));
    expect(mail.subject).toBe(issue.title);
    expect(mail.date?.toISOString()).toBe(issue.date.replace(/\.\d+Z$|Z$/, '.000Z'));
    expect(mail.messageId).toMatch(/@xmpp\.org>$/);
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    const head = Buffer.from(eml.content).toString('utf8').split('\r\n\r\n')[0];
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(head).toMatch(/^Auto-Submitted: auto-generated$/m);
    expect(head).toMatch(/^List-Id: <newsletter\.xmpp\.org>$/m);
    expect(head).toMatch(/^To: Sample Subscriber <subscriber@example\.com>$/m);
    expect(mail.text).toBe(text(artifact(result, 'email.txt')));
    expect(mail.html).toBe(text(artifact(result, 'email.html')));
    const raw = Buffer.from(eml.content).toString('latin1');
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect(raw.split('\r\n').filter((l) => /^List-Unsubscribe:/i.test(l))).toHaveLength(1);
  });

  test('renders are byte-identical run after run (Date, Message-ID and boundaries from the issue)', async () => {
    const { ctx } = makeContext({ raw: { unsubscribeMailto: 'leave@xmpp.org' }, env: { UNSUBSCRIBE_SECRET: 'does-not-matter-for-the-sample' } });
    const again = await channel.render(issue, ctx);
    expect(again.artifacts.map((a) => Buffer.from(a.content).toString('base64'))).toEqual(result.artifacts.map((a) => Buffer.from(a.content).toString('base64')));
  });

  test('the plan names recipients after dedupe and suppression, connections and time at the rate', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'subs.csv'), 'email\na@example.org\nA@example.org\nbad\nb@example.org\nc@example.org\n');
    writeFileSync(path.join(dir, 'suppressed.csv'), 'c@example.org\n');
    const { ctx } = makeContext({ raw: { subscribers: path.join(dir, 'subs.csv'), suppression: path.join(dir, 'suppressed.csv'), rateLimit: 1, maxConnections: 2 } });
    const planned = await channel.render(issue, ctx);
    const plan = planned.plan!.join('\n');
    expect(plan).toMatch(/recipients: 2 \(of 5 listed; skipped 1 malformed, 1 duplicate, 1 suppressed\)/);
    expect(plan).toMatch(/batches: 2 pooled SMTP connections, about 1 messages each/);
    expect(plan).toMatch(/estimated time: 2 s at 1 messages\/s/);
  });
});

function withBody(html: string, extra: Partial<Issue> = {}): Issue {
  const section = { ...issue.sections[0], html, children: [] };
  return { ...issue, sections: [section], intro: { html: '<p>Hello</p>', text: 'Hello' }, ...extra };
}

describe('hostile content', () => {
  test('relative, javascript: and data: URLs never reach the email; SVG images become links', async () => {
    const hostile = withBody([
      '<p><a href="/2020/10/other/">relative</a> <a href="javascript:alert(1)">js</a> <a href="data:text/html,x">data</a> <a href="#anchor">anchor</a></p>',
      '<p><img src="/images/logo.svg" alt="XSF logo"></p>',
      '<p>Inline <img src="diagram.svg"> and <img src="/images/photo.png"> pictures.</p>',
      '<figure><img src="/images/big.png" alt=""><figcaption>A big picture</figcaption></figure>',
      '<p>Write to <a href="mailto:editor@xmpp.org">us</a> or join <a href="xmpp:commteam@muc.xmpp.org?join">the room</a>.</p>',
    ].join('\n'));
    const { ctx } = makeContext();
    const r = await channel.render(hostile, ctx);
    const html = text(artifact(r, 'email.html'));
    const urls = urlsOf(html);
    for (const url of urls) expect(url).toMatch(/^(https?:|mailto:|xmpp:)/);
    expect(urls).toContain('https://xmpp.org/2020/10/other/');
    expect(urls).toContain(`${issue.canonicalUrl}#anchor`);
    expect(urls).toContain('mailto:editor@xmpp.org');
    expect(urls).toContain('xmpp:commteam@muc.xmpp.org?join');
    expect(html).not.toMatch(/javascript:|data:text/);
    expect(html).not.toMatch(/<img[^>]+\.svg/);
    expect(html).toMatch(/<a href="https:\/\/xmpp\.org\/images\/logo\.svg"[^>]*>XSF logo \(image\)<\/a>/);
    for (const img of html.match(/<img\s[^>]*>/g) ?? []) expect(img).toMatch(/\salt="[^"]+"/);
    expect(html).toMatch(/alt="A big picture"/);
    expect(html).toContain('A big picture</div>');
    const body = text(artifact(r, 'email.txt'));
    expect(body).toMatch(/\[SVG image: XSF logo\] \[\d+\]/);
    expect(body).not.toMatch(/javascript:/);
  });

  test('content cannot forge the reserved tokens nor break out of the MJML element', async () => {
    const { ctx } = makeContext();
    const probe = await channel.render(issue, ctx);
    const token = (probe.payload as EmailPayload).tokens.unsubscribeHtml;
    const forged = withBody(`<p>${token} %%np-000000000000-unsubscribe-html%% </mj-text></mj-column><mj-raw><script>x</script></mj-raw></p>`);
    const r = await channel.render(forged, ctx);
    const payload = r.payload as EmailPayload;
    expect(payload.tokens.unsubscribeHtml).not.toBe(token);
    // Only the footer holds the live token.
    expect(payload.html.split(payload.tokens.unsubscribeHtml)).toHaveLength(2);
    expect(payload.html).not.toContain('<script>');
  });

  test('an issue over the size budget gets an email-size error finding naming size and budget', async () => {
    const big = withBody(Array.from({ length: 900 }, (_, i) => `<p>Paragraph ${i} with <a href="https://example.org/${i}">a link</a> and some text to pad it out.</p>`).join('\n'));
    const { ctx } = makeContext();
    const r = await channel.render(big, ctx);
    expect(r.findings).toHaveLength(1);
    expect(r.findings![0]).toMatchObject({ rule: 'email-size', severity: 'error', file: issue.source, line: 0 });
    expect(r.findings![0].message).toMatch(/\d+\.\d KB \(\d+ bytes\), over the 100\.0 KB budget/);
  });
});

describe('templates', () => {
  function copyTemplates(): string {
    const dir = path.join(tempDir(), 'tpl');
    mkdirSync(dir);
    const source = path.join(repoRoot, 'templates/email');
    for (const name of readdirSync(source)) copyFileSync(path.join(source, name), path.join(dir, name));
    return dir;
  }

  test('an invalid template is an NP401 error naming the template file and line', async () => {
    const dir = copyTemplates();
    const section = readFileSync(path.join(dir, 'section.mjml'), 'utf8').split('\n');
    section.splice(1, 0, '        <mj-text colour="red">typo</mj-text>');
    writeFileSync(path.join(dir, 'section.mjml'), section.join('\n'));
    const { ctx } = makeContext({ raw: { templates: dir } });
    const error = await channel.render(issue, ctx).catch((e: unknown) => e);
    expect(isPublishError(error) && error.code).toBe('NP401');
    const details = (error as { details: string[] }).details.join('\n');
    expect(details).toMatch(/section\.mjml:2 \(mj-text\): Attribute colour is illegal/);
  });

  test('a template without the unsubscribe link is refused', async () => {
    const dir = copyTemplates();
    const footer = readFileSync(path.join(dir, 'footer.mjml'), 'utf8').replace('{{{unsubscribeUrl}}}', '{{siteUrl}}');
    writeFileSync(path.join(dir, 'footer.mjml'), footer);
    const { ctx } = makeContext({ raw: { templates: dir } });
    const error = await channel.render(issue, ctx).catch((e: unknown) => e);
    expect(isPublishError(error) && error.code).toBe('NP401');
    expect((error as Error).message).toMatch(/no unsubscribe link/);
  });

  test('an unknown placeholder names its line and lists the known ones', async () => {
    const dir = copyTemplates();
    writeFileSync(path.join(dir, 'header.mjml'), readFileSync(path.join(dir, 'header.mjml'), 'utf8').replace('{{date}}', '{{issueDate}}'));
    const { ctx } = makeContext({ raw: { templates: dir } });
    const error = await channel.render(issue, ctx).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/header\.mjml:\d+: unknown placeholder \{\{issueDate\}\}/);
    expect((error as { details: string[] }).details[0]).toMatch(/valid placeholders: .*date/);
  });

  test('a newsletter can bring its own template folder', async () => {
    const dir = copyTemplates();
    writeFileSync(path.join(dir, 'header.mjml'), '<mj-section><mj-column><mj-text>Custom header for {{title}}</mj-text></mj-column></mj-section>');
    const { ctx } = makeContext({ raw: { templates: dir } });
    const r = await channel.render(issue, ctx);
    expect(text(artifact(r, 'email.html'))).toContain(`Custom header for ${issue.title}`);
  });

  test('MJML itself agrees the generated document is strictly valid', async () => {
    const { buildMjml } = await import('../../../channels/email/render-html.js');
    const { TemplateSet } = await import('../../../channels/email/template-engine.js');
    const { ctx } = makeContext();
    const doc = buildMjml(new TemplateSet(path.join(repoRoot, 'templates/email'), repoRoot), { issue, config: ctx.config, unsubscribeToken: 'https://example.org/u', listAddress: 'newsletter@xmpp.org' });
    const out = await mjml2html(doc.text, { validationLevel: 'strict', minifyOptions: { minifyCss: false } });
    expect(out.errors).toEqual([]);
  });
});
