// Output an editor would publish as is, over every final issue of the shared
// corpus (INDEX.tsv): no Markdown or shortcode syntax that our rendering
// introduced in the email (HTML and text), the feed entry or alt text; caption
// links are links; German, Italian and Brazilian Portuguese emails carry no
// English fixed string; headings keep links and relative sizes; lists indent
// alike at every level.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Marked } from 'marked';
import { describe, expect, test } from 'vitest';
import { createEmailChannel, type EmailPayload } from '../../../channels/email/index.js';
import { toEntry } from '../../../channels/feed/entry.js';
import { decodeEntities } from '../../../src/html-entities.js';
import type { Issue } from '../../../src/model.js';
import { parseIssueText } from '../../../src/parse/issue.js';
import { readCorpusIndex, type CorpusRow } from '../../corpus-index.js';
import { corpusRoot, hasCorpus, makeContext, tempDir, testConfig } from './helpers.js';

const channel = createEmailChannel();
const { ctx } = makeContext();
const finals: CorpusRow[] = readCorpusIndex(path.join(corpusRoot, 'xsf')).filter((row) => row.kind.startsWith('final'));
const MARKUP = ['](', '**', '{{<'] as const;

function parse(text: string, file: string): Issue {
  const parsed = parseIssueText(text, file, ctx.config);
  if (!parsed.issue) throw new Error(`${file} did not parse`);
  return parsed.issue;
}

async function render(issue: Issue): Promise<{ html: string; text: string }> {
  const result = await channel.render(issue, ctx);
  return { html: String(result.artifacts[0]?.content), text: (result.payload as EmailPayload).text };
}

/** What a reader sees of an HTML document: text and alt attributes, entities decoded. */
function visibleText(html: string): string {
  const alts = [...html.matchAll(/\salt="([^"]*)"/g)].map((m) => m[1]).join('\n');
  // Inline tags join their text as a reader sees it ("`3.1.0]`(https…" is one run of characters).
  const text = html.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/<\/?(?:a|code|strong|em|b|i|span|del|s)\b[^>]*>/gi, '').replace(/<[^>]*>/g, ' ');
  return decodeEntities(text) + '\n' + decodeEntities(alts);
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/**
 * The source as a plain Markdown renderer shows it, without shortcodes: what
 * the author's own text holds literally (code, typos such as `**` unclosed).
 * Our output may hold a sequence no more often than this.
 */
function referenceText(source: string): string {
  const body = source.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/\{\{[<%][\s\S]*?[>%]\}\}/g, '');
  return visibleText(String(new Marked({ gfm: true }).parse(body)));
}

const finalFiles = finals.map((row) => [row.file, path.join(corpusRoot, 'xsf', row.file)] as const);

describe.skipIf(!hasCorpus || finals.length === 0)('email and feed over every final issue of the corpus', () => {
  test('INDEX.tsv lists the final issues', () => {
    expect(finals.length).toBeGreaterThan(100);
  });

  test.each(finalFiles)('%s: no `](`, `**` or `{{<` of ours in the email, the feed entry or alt text; caption links are links', async (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const issue = parse(source, file);
    const { html, text } = await render(issue);
    const reference = referenceText(source);
    const feed = visibleText(toEntry(issue).contentHtml);
    for (const seq of MARKUP) {
      expect(count(visibleText(html), seq), `email HTML shows ${seq}`).toBeLessThanOrEqual(count(reference, seq));
      expect(count(text, seq), `email text shows ${seq}`).toBeLessThanOrEqual(count(reference, seq));
      expect(count(feed, seq), `feed entry shows ${seq}`).toBeLessThanOrEqual(count(reference, seq));
      for (const image of issue.images) expect(image.alt, `alt text of ${image.src}`).not.toContain(seq);
    }
    for (const image of issue.images) {
      for (const link of (image.captionHtml ?? '').matchAll(/<a href="([^"]*)"/g)) {
        expect(html, `caption link ${link[1]}`).toContain(`href="${link[1]}"`);
      }
    }
  });

  test('every Markdown caption renders inline: links, emphasis and code in the HTML, plain in alt text and the text part', async () => {
    // The corpus' captions are plain; the issue report quotes real ones with Markdown. Put them on real figures.
    const row = finals.find((r) => r.file.includes('2024-09-05') && r.language === 'en') as CorpusRow;
    expect(row, 'the August 2024 issue is in INDEX.tsv').toBeDefined();
    const file = path.join(corpusRoot, 'xsf', row.file);
    const caption = 'Private [whisper](/extensions/xep-0045.html#privatemessage) messages are **highly coveted**, see `muc#roomconfig`';
    const source = readFileSync(file, 'utf8').replace(/caption="Movim 0\.27[^"]*"/, `caption="${caption}"`);
    expect(source).toContain(caption);
    const issue = parse(source, file);
    const figure = issue.images.find((i) => i.src.endsWith('movim-0.27.png'));
    expect(figure?.alt).toBe('Private whisper messages are highly coveted, see muc#roomconfig');
    expect(figure?.captionHtml).toBe('Private <a href="https://xmpp.org/extensions/xep-0045.html#privatemessage">whisper</a> messages are <strong>highly coveted</strong>, see <code>muc#roomconfig</code>');
    expect(issue.links.map((l) => l.href)).toContain('https://xmpp.org/extensions/xep-0045.html#privatemessage');
    const { html, text } = await render(issue);
    expect(html).toMatch(/<a href="https:\/\/xmpp\.org\/extensions\/xep-0045\.html#privatemessage"[^>]*>whisper<\/a>/);
    expect(html).toMatch(/<strong[^>]*>highly coveted<\/strong>/);
    expect(html).toMatch(/<code[^>]*>muc#roomconfig<\/code>/);
    expect(html).toContain('alt="Private whisper messages are highly coveted, see muc#roomconfig"');
    expect(text).toMatch(/Private whisper \[\d+\] messages are highly coveted, see muc#roomconfig/);
    expect(toEntry(issue).contentHtml).toMatch(/<figcaption>Private <a href="https:\/\/xmpp\.org\/extensions\/xep-0045\.html#privatemessage">whisper<\/a>/);
    for (const seq of MARKUP) {
      expect(visibleText(html)).not.toContain(seq);
      expect(text).not.toContain(seq);
    }
  });

  test('a figure\'s width is a maximum: width="200" stays 200, an oversized one is capped at the column', async () => {
    const withWidth = finals.map((r) => path.join(corpusRoot, 'xsf', r.file)).filter((f) => /\{\{<\s*figure[^}]*width="200"/.test(readFileSync(f, 'utf8')));
    expect(withWidth.length, 'the corpus has figures with width="200"').toBeGreaterThan(0);
    for (const file of withWidth) {
      const source = readFileSync(file, 'utf8');
      const src = /\{\{<\s*figure[^}]*?src="([^"]+)"[^}]*width="200"|\{\{<\s*figure[^}]*width="200"[^}]*?src="([^"]+)"/.exec(source);
      const name = path.basename(src?.[1] ?? src?.[2] ?? '');
      const { html } = await render(parse(source, file));
      const img = [...html.matchAll(/<img\s[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(name));
      expect(img, `${file}: <img> of ${name}`).toBeDefined();
      expect(img).toMatch(/\swidth="200"/);
    }
    const oversized = readFileSync(withWidth[0] as string, 'utf8').replace(/width="200"/, 'width="2000"');
    const { html } = await render(parse(oversized, withWidth[0] as string));
    expect(html).not.toMatch(/\swidth="2000"/);
    expect(html).toMatch(/\swidth="552"/);
  });
});

/** English fixed strings the email and posts had; none may appear in another language's output beyond the source's own. */
const ENGLISH = ['View in browser', 'Read this issue on', 'You receive', 'because you subscribed', 'Unsubscribe', 'Content licensed', '[image:', 'SVG image', '(image)', 'In this issue'];

describe.skipIf(!hasCorpus || finals.length === 0)('German, Italian and Brazilian Portuguese emails have no English fixed string', () => {
  const rows = finals.filter((r) => r.language === 'de' || r.language === 'it');
  test('INDEX.tsv has German and Italian issues', () => {
    expect(rows.some((r) => r.language === 'de')).toBe(true);
    expect(rows.some((r) => r.language === 'it')).toBe(true);
  });

  test.each(rows.map((r) => [r.file, r] as const))('%s (and as pt-br)', async (_name, row) => {
    const file = path.join(corpusRoot, 'xsf', row.file);
    const source = readFileSync(file, 'utf8');
    const issue = parse(source, file);
    // The corpus has no pt-br issue: each Italian and German one is also rendered as one.
    for (const variant of [issue, { ...issue, language: 'pt-br' }]) {
      const { html, text } = await render(variant);
      for (const phrase of ENGLISH) {
        const own = count(source, phrase);
        expect(count(visibleText(html), phrase), `${variant.language} HTML: "${phrase}"`).toBeLessThanOrEqual(own);
        expect(count(text, phrase), `${variant.language} text: "${phrase}"`).toBeLessThanOrEqual(own);
      }
      const expected = variant.language === 'pt-br' ? ['Ver no navegador', 'Cancelar inscrição'] : variant.language === 'de' ? ['Im Browser ansehen', 'Abbestellen'] : ['Visualizza nel browser', "Annulla l'iscrizione"];
      for (const phrase of expected) expect(text).toContain(phrase);
      expect(html).toContain(`lang="${variant.language}"`);
    }
  });
});

describe('string tables', () => {
  test('a newsletter overrides one string in its template folder; the others stay translated', async () => {
    const folder = tempDir('np-strings-');
    for (const name of ['email', 'head', 'header', 'footer', 'section']) {
      writeFileSync(path.join(folder, `${name}.mjml`), readFileSync(path.join(import.meta.dirname, '../../../templates/email', `${name}.mjml`)));
    }
    mkdirSync(path.join(folder, 'strings'));
    writeFileSync(path.join(folder, 'strings', 'de.yaml'), 'unsubscribe: Newsletter abbestellen\n');
    const { ctx: custom } = makeContext({ raw: { templates: folder }, config: testConfig() });
    const issue = { ...parse('---\ntitle: Ausgabe\ndate: 2024-01-05\nlang: de\n---\n\nHallo.\n', 'x.de.md') };
    const result = await channel.render(issue, custom);
    const text = (result.payload as EmailPayload).text;
    expect(text).toContain('Newsletter abbestellen: ');
    expect(text).toContain('Im Browser ansehen: ');
  });

  test('an unknown key in an override is an NP401 naming it', async () => {
    const folder = tempDir('np-strings-');
    for (const name of ['email', 'head', 'header', 'footer', 'section']) {
      writeFileSync(path.join(folder, `${name}.mjml`), readFileSync(path.join(import.meta.dirname, '../../../templates/email', `${name}.mjml`)));
    }
    mkdirSync(path.join(folder, 'strings'));
    writeFileSync(path.join(folder, 'strings', 'en.yaml'), 'unsubscirbe: Leave\n');
    const { ctx: custom } = makeContext({ raw: { templates: folder }, config: testConfig() });
    await expect(channel.render(parse('---\ntitle: T\ndate: 2024-01-05\n---\n\nHi.\n', 'x.md'), custom)).rejects.toMatchObject({ code: 'NP401', details: [expect.stringMatching(/^unsubscirbe: unknown key/)] });
  });
});

describe('headings and lists', () => {
  const md = '---\ntitle: Levels\ndate: 2024-01-05\n---\n\nIntro.\n\n# Top\n\nText.\n\n## [Approved RFCs](https://github.com/rust-lang/rfcs/commits/master)\n\n- a\n- b\n  - c\n    - d\n- e\n\n### Third\n\n1. one\n2. two\n';

  test('`#`, `##` and `###` keep relative sizes, and a heading that is a link stays one (with a footnote in text)', async () => {
    const { html, text } = await render(parse(md, 'levels.md'));
    const size = (tag: string, id: string) => Number(new RegExp(`<${tag} id="${id}"[^>]*font-size:\\s*(\\d+)px`).exec(html)?.[1]);
    const [top, rfcs, third] = [size('h2', 'top'), size('h3', 'approved-rfcs'), size('h4', 'third')];
    expect(top).toBeGreaterThan(rfcs);
    expect(rfcs).toBeGreaterThan(third);
    expect(html).toMatch(/<h3 id="approved-rfcs"[^>]*><a href="https:\/\/github\.com\/rust-lang\/rfcs\/commits\/master"[^>]*>Approved RFCs<\/a><\/h3>/);
    const n = /Approved RFCs \[(\d+)\]/.exec(text)?.[1];
    expect(n).toBeDefined();
    expect(text).toContain(`[${n}] https://github.com/rust-lang/rfcs/commits/master`);
  });

  test('the text part indents every list item of a level alike, one step deeper per level', async () => {
    const { text } = await render(parse(md, 'levels.md'));
    expect(text).toContain(' * a\n * b\n   * c\n     * d\n * e');
    expect(text).toContain(' 1. one\n 2. two');
  });

  test.skipIf(!hasCorpus || finals.length === 0)('over the corpus: sibling items start at the same column, levels two columns apart', async () => {
    for (const row of finals.slice(0, 40)) {
      const file = path.join(corpusRoot, 'xsf', row.file);
      const { text } = await render(parse(readFileSync(file, 'utf8'), file));
      for (const line of text.split('\n')) {
        const bullet = /^( *)\* /.exec(line);
        if (bullet) expect((bullet[1] ?? '').length % 2, `${row.file}: "${line}"`).toBe(1);
      }
    }
  });
});
