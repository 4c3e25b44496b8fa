import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFeedChannel } from '../../../channels/feed/index.js';
import type { Issue } from '../../../src/model.js';
import { parseIssueText } from '../../../src/parse/issue.js';
import { decodeEntities } from '../../../src/html-entities.js';
import { parseXml, node, nodes, readFeed, text } from './feed-parsers.js';
import { artifactText, makeConfig, makeContext, makeIssue } from './helpers.js';

const channel = createFeedChannel();

const october = makeIssue();
const november = makeIssue({
  slug: '2020/12/newsletter-11-november',
  title: 'The XMPP Newsletter November 2020',
  date: '2020-12-09T00:00:00Z',
  updated: '2020-12-10T08:30:00Z',
  authors: ['emus', 'wurstsalat'],
  categories: ['Newsletter', 'XSF'],
  images: [{ src: 'https://xmpp.org/images/conversations.jpg', alt: 'Conversations', line: 9 }],
});
const draft = makeIssue({ slug: '2021/01/newsletter-draft', title: 'Draft January', date: '2021-01-05T00:00:00Z', draft: true });

async function render(archive: readonly Issue[], raw: unknown = {}, config = makeConfig()) {
  return channel.render(archive[0] ?? october, makeContext(archive, { raw, config }));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('feed render', () => {
  it('renders the three formats as site-wide artifacts with their media types', async () => {
    const result = await render([october, november]);
    expect(result.artifacts.map((a) => [a.path, a.mediaType, a.issue])).toEqual([
      ['feed/atom.xml', 'application/atom+xml', null],
      ['feed/rss.xml', 'application/rss+xml', null],
      ['feed/feed.json', 'application/feed+json', null],
    ]);
  });

  it('gives a reader the same id, link and dates in Atom, RSS and JSON Feed, newest first, drafts left out', async () => {
    const result = await render([october, draft, november]);
    const atom = await readFeed(artifactText(result, 'feed/atom.xml'));
    const rss = await readFeed(artifactText(result, 'feed/rss.xml'));
    const json = JSON.parse(artifactText(result, 'feed/feed.json')) as { items: Array<Record<string, unknown>> };

    expect(atom.items.map((i) => i.id)).toEqual([november.id, october.id]);
    expect(rss.items.map((i) => i.guid)).toEqual([november.id, october.id]);
    expect(json.items.map((i) => i.id)).toEqual([november.id, october.id]);

    expect(atom.items.map((i) => i.link)).toEqual([november.canonicalUrl, october.canonicalUrl]);
    expect(rss.items.map((i) => i.link)).toEqual([november.canonicalUrl, october.canonicalUrl]);
    expect(json.items.map((i) => i.url)).toEqual([november.canonicalUrl, october.canonicalUrl]);

    expect(atom.items[0].published).toBe('2020-12-09T00:00:00Z');
    expect(atom.items[0].updated).toBe('2020-12-10T08:30:00Z');
    expect(rss.items[0].isoDate).toBe('2020-12-09T00:00:00.000Z');
    expect(json.items[0].date_published).toBe('2020-12-09T00:00:00Z');
    expect(json.items[0].date_modified).toBe('2020-12-10T08:30:00Z');
    expect(rss.items[0]['content:encoded']).toBe(november.html);
    expect(atom.items[0].content).toBe(november.html);
    expect(json.items[0].content_html).toBe(november.html);
  });

  it('marks the RSS guid as not a permalink because the id is not the URL', async () => {
    const doc = parseXml(artifactText(await render([october]), 'feed/rss.xml'));
    const guid = node(nodes(doc, 'rss', 'channel', 'item')[0], 'guid');
    expect(text(guid)).toBe(october.id);
    expect(node(guid, '@isPermaLink')).toBe('false');
  });

  it('writes feed-level self, alternate and hub links, language and updated = newest entry update', async () => {
    const result = await render([october, november], { hub: 'https://hub.example.org/' });
    const atom = parseXml(artifactText(result, 'feed/atom.xml'));
    const feed = node(atom, 'feed');
    expect(node(feed, '@xml:lang')).toBe('en');
    expect(text(node(feed, 'updated'))).toBe('2020-12-10T08:30:00Z');
    const links = nodes(feed, 'link').map((l) => [node(l, '@rel'), node(l, '@href')]);
    expect(links).toEqual([
      ['alternate', 'https://xmpp.org/'],
      ['self', 'https://xmpp.org/feed/atom.xml'],
      ['hub', 'https://hub.example.org/'],
    ]);

    const rss = parseXml(artifactText(result, 'feed/rss.xml'));
    const channelNode = node(rss, 'rss', 'channel');
    expect(text(node(channelNode, 'language'))).toBe('en');
    expect(text(node(channelNode, 'lastBuildDate'))).toBe('Thu, 10 Dec 2020 08:30:00 GMT');
    expect(nodes(channelNode, 'atom:link').map((l) => [node(l, '@rel'), node(l, '@href')])).toEqual([
      ['self', 'https://xmpp.org/feed/rss.xml'],
      ['hub', 'https://hub.example.org/'],
    ]);

    const json = JSON.parse(artifactText(result, 'feed/feed.json')) as Record<string, unknown>;
    expect(json.feed_url).toBe('https://xmpp.org/feed/feed.json');
    expect(json.hubs).toEqual([{ type: 'WebSub', url: 'https://hub.example.org/' }]);
    expect(json.language).toBe('en');
  });

  it('uses the configured public URL for rel="self"', async () => {
    const result = await render([october], { publicUrl: 'https://cdn.example.org/news' });
    const atom = parseXml(artifactText(result, 'feed/atom.xml'));
    const self = nodes(atom, 'feed', 'link').find((l) => node(l, '@rel') === 'self');
    expect(node(self, '@href')).toBe('https://cdn.example.org/news/atom.xml');
  });

  it('carries authors, categories, and the first image in JSON Feed only', async () => {
    const result = await render([november]);
    const atom = parseXml(artifactText(result, 'feed/atom.xml'));
    const entry = nodes(atom, 'feed', 'entry')[0];
    expect(nodes(entry, 'author').map((a) => text(node(a, 'name')))).toEqual(['emus', 'wurstsalat']);
    expect(nodes(entry, 'category').map((c) => node(c, '@term'))).toEqual(['Newsletter', 'XSF']);
    // Enclosures are for media a client should download (podcasts); an inline image is not one.
    expect(nodes(entry, 'link').map((l) => node(l, '@rel'))).toEqual(['alternate']);

    const rss = await readFeed(artifactText(result, 'feed/rss.xml'));
    expect(rss.items[0].categories).toEqual(['Newsletter', 'XSF']);
    expect(rss.items[0].enclosure).toBeUndefined();
    const rssItem = nodes(parseXml(artifactText(result, 'feed/rss.xml')), 'rss', 'channel', 'item')[0];
    expect(nodes(rssItem, 'dc:creator').map(text)).toEqual(['emus', 'wurstsalat']);
    expect(node(rssItem, 'author')).toBeUndefined();

    const json = JSON.parse(artifactText(result, 'feed/feed.json')) as { items: Array<Record<string, unknown>> };
    expect(json.items[0].authors).toEqual([{ name: 'emus' }, { name: 'wurstsalat' }]);
    expect(json.items[0].tags).toEqual(['Newsletter', 'XSF']);
    expect(json.items[0].image).toBe('https://xmpp.org/images/conversations.jpg');
  });

  it('never publishes an inline image as an Atom or RSS enclosure, whatever its type', async () => {
    for (const src of ['https://xmpp.org/images/logo.svg', 'https://xmpp.org/images/a.png', 'https://img.example.org/render?id=42']) {
      const result = await render([makeIssue({ images: [{ src, alt: 'x', line: 1 }] })]);
      expect(artifactText(result, 'feed/atom.xml')).not.toContain('enclosure');
      expect(artifactText(result, 'feed/rss.xml')).not.toContain('enclosure');
      const json = JSON.parse(artifactText(result, 'feed/feed.json')) as { items: Array<{ image?: string }> };
      expect(json.items[0].image).toBe(src);
    }
  });

  it('keeps only the newest N entries (limit)', async () => {
    const archive = Array.from({ length: 30 }, (_, n) =>
      makeIssue({ slug: `2021/${n}/issue-${n}`, date: new Date(Date.UTC(2021, 0, 1 + n)).toISOString(), title: `Issue ${n}` }));
    const byDefault = await readFeed(artifactText(await render(archive), 'feed/atom.xml'));
    expect(byDefault.items).toHaveLength(20);
    expect(byDefault.items[0].title).toBe('Issue 29');
    const three = await readFeed(artifactText(await render(archive, { limit: 3 }), 'feed/rss.xml'));
    expect(three.items.map((i) => i.title)).toEqual(['Issue 29', 'Issue 28', 'Issue 27']);
  });

  it('is byte-identical whatever the wall clock and the archive order', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const first = await render([october, november, draft]);
    vi.setSystemTime(new Date('2042-06-15T12:34:56Z'));
    const second = await render([draft, november, october]);
    for (const artifact of first.artifacts) {
      expect(artifactText(second, artifact.path)).toBe(artifact.content);
    }
    expect(artifactText(first, 'feed/atom.xml')).not.toContain('2030');
  });

  it('renders an empty archive deterministically, with a warning', async () => {
    const result = await render([draft]);
    const atom = parseXml(artifactText(result, 'feed/atom.xml'));
    expect(text(node(atom, 'feed', 'updated'))).toBe('1970-01-01T00:00:00Z');
    expect(nodes(atom, 'feed', 'entry')).toEqual([]);
    expect(result.findings?.map((f) => [f.rule, f.severity])).toEqual([['feed-empty', 'warning']]);
  });

  it('survives hostile titles and content: &, <, two ]]>, control characters, lone surrogates', async () => {
    const title = 'AT&T <b>Q&A</b> ]]> &amp; "quotes"';
    const hostile = makeIssue({
      title,
      language: 'en-x-"><evil',
      authors: ['Tom & Jerry <tj@example.org>'],
      categories: ['C&C', '<script>'],
      summary: 'a < b && c > d ]]>',
      html: '<p>one ]]> two ]]> three\u0001\u0008 \uD800 end &amp;amp;</p><pre><code>if (a &lt; b) {}</code></pre>',
    });
    const result = await render([hostile]);
    const atomText = artifactText(result, 'feed/atom.xml');
    const rssText = artifactText(result, 'feed/rss.xml');
    const atomDoc = parseXml(atomText);
    parseXml(rssText);
    expect(node(nodes(atomDoc, 'feed', 'entry')[0], '@xml:lang')).toBe('en-x-"><evil');
    const atom = await readFeed(atomText);
    const rss = await readFeed(rssText);
    expect(atom.items[0].title).toBe(title);
    expect(rss.items[0].title).toBe(title);
    // Entry content passes the email's sanitizer, which writes a text `>` as `&gt;`.
    expect(atom.items[0].content).toBe('<p>one ]]&gt; two ]]&gt; three  end &amp;amp;</p><pre><code>if (a &lt; b) {}</code></pre>');
    expect(rss.items[0]['content:encoded']).toBe(atom.items[0].content);
    // The W3C validator rejects raw `&`/`<` in a type="html" title: ours is type="text".
    expect(atomText).toContain('<title type="text">AT&amp;T &lt;b&gt;Q&amp;A&lt;/b&gt; ]]&gt; &amp;amp; "quotes"</title>');
    const json = JSON.parse(artifactText(result, 'feed/feed.json')) as { items: Array<Record<string, unknown>> };
    expect(json.items[0].title).toBe(title);
    expect(json.items[0].content_html).toBe(atom.items[0].content);
    // RSS description is HTML: the plain-text summary reaches a reader as the same text,
    const description = text(node(nodes(parseXml(rssText), 'rss', 'channel', 'item')[0], 'description'));
    // in the RSS profile's hexadecimal references for `&` and `<`.
    expect(description).toBe('a &#x3C; b &#x26;&#x26; c > d ]]>');
    expect(decodeEntities(description)).toBe('a < b && c > d ]]>');
  });

  it('writes links and derived ids as ASCII URIs, and an author\'s `Name <address>` as Atom name and email', async () => {
    const config = makeConfig('  timezone: Europe/Berlin');
    const parsed = parseIssueText('---\ntitle: "Grüße aus עברית"\ndate: 2024-03-01\nauthors: ["Zoë <zoe@example.org>", "plain"]\n---\n\nHallo.\n', 'content/gruesse.md', config).issue!;
    expect(parsed.canonicalUrl).toMatch(/[^\x00-\x7f]/);
    // RFC 4151 has no IRI form: the derived id is ASCII, the same string in every format.
    expect(parsed.id).toMatch(/^tag:xmpp\.org,2024-03-01:\/2024\/03\/[\x21-\x7e]+\/$/);
    const result = await render([parsed], {}, config);
    const atomText = artifactText(result, 'feed/atom.xml');
    const rssText = artifactText(result, 'feed/rss.xml');
    const json = JSON.parse(artifactText(result, 'feed/feed.json')) as { items: Array<{ url: string; id: string }> };
    const uri = new URL(parsed.canonicalUrl).href;
    expect(uri).toMatch(/^[\x21-\x7e]+$/);
    expect(node(nodes(parseXml(atomText), 'feed', 'entry')[0], 'link', 0, '@href')).toBe(uri);
    expect(text(node(nodes(parseXml(rssText), 'rss', 'channel', 'item')[0], 'link', 0))).toBe(uri);
    expect(json.items[0].url).toBe(uri);
    expect(new Set([text(node(nodes(parseXml(atomText), 'feed', 'entry')[0], 'id')), json.items[0].id])).toEqual(new Set([parsed.id]));
    expect(atomText).toContain('<author><name>Zoë</name><email>zoe@example.org</email></author>');
    expect(atomText).toContain('<author><name>plain</name></author>');
  });

  it('makes every relative URL in the content absolute against the issue URL', async () => {
    const relative = makeIssue({
      html: [
        '<p><a href="#xsf-announcements">jump</a> <a href="/about/">about</a> <a href=\'../09/\'>previous</a></p>',
        '<img src="images/shot.png" srcset="images/shot.png 1x, /images/shot@2x.png 2x" alt="">',
        '<a href="//example.org/x?a=1&amp;b=2">protocol-relative</a> <a href="xmpp:council@muc.xmpp.org?join">xmpp</a>',
        '<a href=/bare>bare</a> <a href="mailto:editor@xmpp.org">mail</a>',
      ].join('\n'),
    });
    const json = JSON.parse(artifactText(await render([relative]), 'feed/feed.json')) as { items: Array<{ content_html: string }> };
    const html = json.items[0].content_html;
    const base = 'https://xmpp.org/2020/10/newsletter-10-october/';
    expect(html).toContain(`href="${base}#xsf-announcements"`);
    expect(html).toContain('href="https://xmpp.org/about/"');
    expect(html).toContain('href="https://xmpp.org/2020/10/09/"');
    expect(html).toContain(`src="${base}images/shot.png"`);
    expect(html).toContain(`srcset="${base}images/shot.png 1x, https://xmpp.org/images/shot@2x.png 2x"`);
    expect(html).toContain('href="https://example.org/x?a=1&amp;b=2"');
    expect(html).toContain('href="xmpp:council@muc.xmpp.org?join"');
    expect(html).toContain('href="https://xmpp.org/bare"');
    expect(html).toContain('href="mailto:editor@xmpp.org"');
    // Only the second srcset candidate is relative: it must still be found.
    const srcset = makeIssue({ html: '<img src="https://xmpp.org/a.png" srcset="https://xmpp.org/a.png 1x, /a@2x.png 2x">' });
    const srcsetJson = JSON.parse(artifactText(await render([srcset]), 'feed/feed.json')) as { items: Array<{ content_html: string }> };
    expect(srcsetJson.items[0].content_html).toContain('srcset="https://xmpp.org/a.png 1x, https://xmpp.org/a@2x.png 2x"');
    // Text that merely looks like an attribute is not a tag and stays as written.
    const code = makeIssue({ html: '<pre><code>&lt;a href="/x"&gt;</code></pre>' });
    const codeJson = JSON.parse(artifactText(await render([code]), 'feed/feed.json')) as { items: Array<{ content_html: string }> };
    expect(codeJson.items[0].content_html).toBe('<pre><code>&lt;a href="/x"&gt;</code></pre>');
  });

  it('reports an id that is not an absolute URI, and two issues sharing one id', async () => {
    const bad = makeIssue({ id: 'october 2020' });
    const twin = makeIssue({ slug: '2020/10/copy', date: '2020-11-06T00:00:00Z' });
    const result = await render([bad, october, twin]);
    const rules = result.findings?.map((f) => `${f.rule}:${f.severity}:${f.file}`);
    expect(rules).toContain(`feed-id:error:${bad.source}`);
    const dupes = result.findings?.filter((f) => f.rule === 'duplicate-id') ?? [];
    expect(dupes).toHaveLength(0);
    const sameId = makeIssue({ slug: '2020/10/copy', date: '2020-11-06T00:00:00Z', id: october.id });
    const clash = await render([october, sameId]);
    expect(clash.findings?.filter((f) => f.rule === 'duplicate-id').map((f) => f.file)).toEqual([october.source]);
  });

  it('puts translations in per-language feeds and keeps them out of the default feed', async () => {
    const german = makeIssue({ slug: 'de/2020/10/newsletter', language: 'de', title: 'Der XMPP Newsletter Oktober 2020' });
    const french = makeIssue({ slug: 'fr/2020/10/newsletter', language: 'fr', title: 'La lettre XMPP octobre 2020' });
    const onlySite = await render([october, german, french]);
    expect(onlySite.artifacts.map((a) => a.path)).toEqual(['feed/atom.xml', 'feed/rss.xml', 'feed/feed.json']);
    expect((await readFeed(artifactText(onlySite, 'feed/atom.xml'))).items.map((i) => i.title)).toEqual([october.title]);

    const config = makeConfig('  languages: [en, de]');
    const withGerman = await render([october, german, french], {}, config);
    expect(withGerman.artifacts.map((a) => a.path)).toEqual([
      'feed/atom.xml', 'feed/rss.xml', 'feed/feed.json', 'feed/atom.de.xml', 'feed/rss.de.xml', 'feed/feed.de.json',
    ]);
    const de = parseXml(artifactText(withGerman, 'feed/atom.de.xml'));
    expect(node(de, 'feed', '@xml:lang')).toBe('de');
    expect(nodes(de, 'feed', 'entry').map((e) => text(node(e, 'title')))).toEqual([german.title]);
    const self = nodes(de, 'feed', 'link').find((l) => node(l, '@rel') === 'self');
    expect(node(self, '@href')).toBe('https://xmpp.org/feed/atom.de.xml');
    expect((await readFeed(artifactText(withGerman, 'feed/rss.xml'))).items.map((i) => i.title)).toEqual([october.title]);
    const deJson = JSON.parse(artifactText(withGerman, 'feed/feed.de.json')) as { language: string; feed_url: string };
    expect(deJson).toMatchObject({ language: 'de', feed_url: 'https://xmpp.org/feed/feed.de.json' });
  });

  it('prints a plan naming the entries and where publish would write', async () => {
    const result = await render([october, november], { hub: 'https://hub.example.org/' });
    expect(result.plan?.[0]).toBe('en: 2 entries, newest "The XMPP Newsletter November 2020" (2020-12-09T00:00:00Z), updated 2020-12-10T08:30:00Z');
    expect(result.plan?.some((l) => l.includes('atom.xml, rss.xml, feed.json'))).toBe(true);
    expect(result.plan?.some((l) => l.startsWith('ping WebSub hub https://hub.example.org/'))).toBe(true);
  });
});
