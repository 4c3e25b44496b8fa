// Length rules of the composer on hostile inputs: the text must always fit the
// platform's exact count and always end with the complete issue URL.
import { describe, expect, test } from 'vitest';
import { compose, mastodonCounter, twitterCounter, findHighlights, loadTemplate, defaultTemplateDir, checkTemplate, NEUTRAL_TEMPLATE, type AnnouncementInput, type LengthCounter } from '../../../channels/announcement/index.js';
import twitterText from 'twitter-text';
import { FakeMastodon } from './fakes/mastodon-server.js';
import { octoberIssue } from './fixtures/issue.js';

const template = loadTemplate(defaultTemplateDir(), 'en').source;
const LONG_URL = 'https://xmpp.org/2020/10/' + 'a-very-long-slug-that-goes-on-and-on-'.repeat(20) + 'end/';

function input(overrides: Partial<AnnouncementInput> = {}): AnnouncementInput {
  return {
    title: 'The XMPP Newsletter October 2020',
    url: 'https://xmpp.org/2020/10/newsletter-10-october/',
    summary: '',
    highlights: ['MongooseIM 4.0', 'Openfire 4.6.0', 'XEP-0444 Message Reactions', 'Prosody 0.11.7'],
    hashtags: ['#XMPP', '#Jabber'],
    language: 'en',
    ...overrides,
  };
}

const hostileTitles: Record<string, string> = {
  emoji: '🎉🚀👨‍👩‍👧‍👦🏳️‍🌈 '.repeat(120) + 'XMPP 🎉',
  'emoji without spaces': '👨‍👩‍👧‍👦'.repeat(400),
  cjk: 'XMPP通讯简报二零二零年十月版本发布消息和扩展协议更新以及社区活动的详细介绍'.repeat(25),
  'japanese with spaces': 'XMPP ニュースレター 2020年10月号 '.repeat(60),
  'one endless word': 'Supercalifragilistic'.repeat(80),
  'combining marks': 'e\u0301'.repeat(700) + ' Zalgo t̷̢̛e̸͎͝x̴̰̓t̵̖̾',
  'newlines and controls': 'Line one\nline two\r\n\tline\u0000three '.repeat(40),
  'url inside': 'See https://example.org/a/b/c and more words '.repeat(40),
};

const platforms: Array<[string, LengthCounter, number]> = [
  ['mastodon 500', mastodonCounter(), 500],
  ['mastodon 300', mastodonCounter(), 300],
  ['mastodon 11000', mastodonCounter(), 11000],
  ['twitter 280', twitterCounter(), 280],
];

describe('every hostile title fits and ends with the whole URL', () => {
  for (const [platform, counter, limit] of platforms) {
    for (const [name, title] of Object.entries(hostileTitles)) {
      for (const url of ['https://xmpp.org/2020/10/newsletter-10-october/', LONG_URL]) {
        test(`${platform}: ${name}${url === LONG_URL ? ' + long URL' : ''}`, () => {
          const result = compose(template, input({ title, url }), counter, limit);
          expect(result.fits).toBe(true);
          expect(result.length).toBeLessThanOrEqual(limit);
          expect(result.length).toBe(counter.count(result.text));
          expect(result.text.endsWith(`\n${url}`)).toBe(true);
          // No lone surrogate or split grapheme: the text is well-formed Unicode.
          expect(result.text.isWellFormed()).toBe(true);
          expect(result.text).not.toMatch(/[\u0000-\u0008\r\t]/);
          if (result.titleShortened) expect(result.text.split('\n')[0]).toMatch(/…$/);
          // Hashtags are never cut: every #word present is one of the configured ones.
          for (const tag of result.text.match(/#[\p{L}\p{N}_]+/gu) ?? []) expect(['#XMPP', '#Jabber']).toContain(tag);
        });
      }
    }
  }
});

test('the platforms agree with their own validators', () => {
  const text = compose(template, input({ title: '🎉 ' + 'XMPP 通讯 '.repeat(60) }), twitterCounter(), 280).text;
  expect(twitterText.parseTweet(text).valid).toBe(true);
  const mastodon = compose(template, input({ title: 'é🎉 '.repeat(400), url: LONG_URL }), mastodonCounter(), 500);
  // The fake instance counts with its own implementation of Mastodon's rule.
  expect(FakeMastodon.count(mastodon.text)).toBe(mastodon.length);
  expect(mastodon.length).toBeLessThanOrEqual(500);
});

test('emoji count 2 on X and 1 on Mastodon; a URL counts 23 on both', () => {
  expect(twitterCounter().count('🎉')).toBe(2);
  expect(mastodonCounter().count('👨‍👩‍👧‍👦')).toBe(1);
  expect(twitterCounter().count(LONG_URL)).toBe(23);
  expect(mastodonCounter().count(LONG_URL)).toBe(23);
  expect(twitterCounter().count('日本')).toBe(4);
  // Without a scheme Mastodon counts the characters (extract_url_without_protocol: false).
  expect(mastodonCounter().count('xmpp.org/about')).toBe(14);
});

test('highlights go first, then the title is cut at a word boundary with …', () => {
  const counter = twitterCounter();
  const all = compose(template, input(), counter, 280);
  expect(all.highlights).toBe(4);
  expect(all.text).toContain('MongooseIM 4.0, Openfire 4.6.0, XEP-0444 Message Reactions, and Prosody 0.11.7');
  const fewer = compose(template, input(), counter, 130);
  expect(fewer.highlights).toBeLessThan(4);
  expect(fewer.titleShortened).toBe(false);
  const title = 'An extraordinarily long newsletter title that certainly does not fit in a tiny budget at all';
  const cut = compose(template, input({ title }), counter, 110);
  expect(cut.highlights).toBe(0);
  expect(cut.titleShortened).toBe(true);
  const first = cut.text.split('\n')[0] ?? '';
  expect(first.endsWith('…')).toBe(true);
  // Cut after a whole word of the original title.
  expect(title.startsWith(first.slice(0, -1))).toBe(true);
  expect(title[first.length - 1]).toBe(' ');
  expect(cut.text).toContain('#XMPP #Jabber');
});

test('a URL longer than the limit cannot fit, and says so', () => {
  const result = compose(template, input(), mastodonCounter(400), 300);
  expect(result.fits).toBe(false);
  expect(result.length).toBeGreaterThan(300);
});

test('languages: German template and list words', () => {
  const de = loadTemplate(defaultTemplateDir(), 'de-AT').source;
  const result = compose(de, input({ language: 'de-AT' }), mastodonCounter(), 500);
  expect(result.text).toContain('In dieser Ausgabe: MongooseIM 4.0, Openfire 4.6.0, XEP-0444 Message Reactions und Prosody 0.11.7.');
  // A language without a template gets the neutral form: no other language's words.
  const neutral = loadTemplate(defaultTemplateDir(), 'xx');
  expect(neutral.source).toBe(NEUTRAL_TEMPLATE);
  expect(compose(neutral.source, input({ language: 'xx' }), mastodonCounter(), 500).text).not.toMatch(/In this issue|In dieser/);
});

test('templates: unknown placeholders and a missing URL are reported', () => {
  expect(checkTemplate('{{title}} {{titel}}')).toEqual([
    'line 1: unknown placeholder {{titel}} (known: {{title}}, {{highlights}}, {{summary}}, {{hashtags}}, {{url}})',
    'the template has no {{url}} placeholder',
  ]);
});

test('highlights of the October 2020 issue: only names its link texts give, feature releases, new XEPs, then patch releases', () => {
  const labels = findHighlights(octoberIssue()).map((h) => h.label);
  expect(labels).toEqual(['MongooseIM 4.0', 'Openfire 4.6.0', 'XEP-0444', 'XEP-0443', 'Spark 2.9.3']);
  // Movim 0.19 and Prosody 0.11.7 are named only in sentences; Openfire 4.5.4 is superseded by 4.6.0.
  expect(labels.join()).not.toMatch(/0\.19|4\.5\.4|0\.11\.7|It /);
});

test('counting token by token equals the libraries counting the whole text', () => {
  const samples = [
    'The XMPP Newsletter October 2020\n\nIn this issue: MongooseIM 4.0.\n\n#XMPP\nhttps://xmpp.org/2020/10/newsletter-10-october/',
    'xmpp.org and https://example.org/a?b=c, (https://xmpp.org/z) 日本語 🎉 e\u0301  \u0301x👨‍👩‍👧‍👦 ok.',
    ...Object.values(hostileTitles).map((t) => t.slice(0, t.lastIndexOf(' ', 600) + 1) + 'https://xmpp.org/'),
  ];
  for (const text of samples) {
    expect(twitterCounter().count(text)).toBe(twitterText.parseTweet(text).weightedLength);
    expect(mastodonCounter().count(text)).toBe(FakeMastodon.count(text));
  }
});
