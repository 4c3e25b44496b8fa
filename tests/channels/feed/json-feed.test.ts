// JSON Feed 1.1 rules (https://www.jsonfeed.org/version/1.1/) as a strict schema:
// the required fields, 1.1's `authors` arrays instead of 1.0's `author`, RFC 3339
// dates, and nothing unknown except `_extensions`.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createFeedChannel } from '../../../channels/feed/index.js';
import { artifactText, makeContext, makeIssue } from './helpers.js';

const RFC3339 = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';
const URL = '^https?://[^\\s]+$';
const author = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name: { type: 'string' }, url: { type: 'string', pattern: URL }, avatar: { type: 'string', pattern: URL } },
} as const;
const extensions = { '^_': {} } as const;

const jsonFeed11 = {
  type: 'object',
  required: ['version', 'title', 'items'],
  additionalProperties: false,
  patternProperties: extensions,
  properties: {
    version: { const: 'https://jsonfeed.org/version/1.1' },
    title: { type: 'string', minLength: 1 },
    home_page_url: { type: 'string', pattern: URL },
    feed_url: { type: 'string', pattern: URL },
    description: { type: 'string' },
    user_comment: { type: 'string' },
    next_url: { type: 'string', pattern: URL },
    icon: { type: 'string', pattern: URL },
    favicon: { type: 'string', pattern: URL },
    authors: { type: 'array', items: author },
    language: { type: 'string', pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$' },
    expired: { type: 'boolean' },
    hubs: { type: 'array', items: { type: 'object', required: ['type', 'url'], properties: { type: { type: 'string' }, url: { type: 'string', pattern: URL } } } },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        anyOf: [{ required: ['content_html'] }, { required: ['content_text'] }],
        additionalProperties: false,
        patternProperties: extensions,
        properties: {
          id: { type: 'string', minLength: 1 },
          url: { type: 'string', pattern: URL },
          external_url: { type: 'string', pattern: URL },
          title: { type: 'string' },
          content_html: { type: 'string' },
          content_text: { type: 'string' },
          summary: { type: 'string' },
          image: { type: 'string', pattern: URL },
          banner_image: { type: 'string', pattern: URL },
          date_published: { type: 'string', pattern: RFC3339 },
          date_modified: { type: 'string', pattern: RFC3339 },
          authors: { type: 'array', items: author },
          tags: { type: 'array', items: { type: 'string' } },
          language: { type: 'string' },
          attachments: { type: 'array' },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(jsonFeed11);

describe('JSON Feed 1.1', () => {
  it('validates against the 1.1 rules, with an id, content_html and authors on every item', async () => {
    const issues = [
      makeIssue(),
      makeIssue({ slug: '2020/12/newsletter', date: '2020-12-09T00:00:00Z', authors: ['emus', 'wurstsalat'], images: [] }),
      makeIssue({ slug: '2021/01/newsletter', date: '2021-01-05T00:00:00Z', authors: [], categories: [], summary: '' }),
    ];
    const result = await createFeedChannel().render(issues[0], makeContext(issues, { raw: { hub: 'https://hub.example.org/' } }));
    const feed = JSON.parse(artifactText(result, 'feed/feed.json')) as { authors: unknown[]; items: Array<Record<string, unknown>> };
    expect(validate(feed) ? [] : validate.errors).toEqual([]);
    expect(feed.authors).toEqual([{ name: 'XSF Communications Team' }]);
    expect(feed.items.map((i) => typeof i.id === 'string' && typeof i.content_html === 'string')).toEqual([true, true, true]);
    // An item without authors inherits the feed's (1.1 §authors), so it must have none of its own.
    expect(feed.items[0].authors).toBeUndefined();
  });

  it('the schema is strict: a JSON Feed 1.0 document (version 1, singular author) fails it', () => {
    // What the `feed` package writes, and why json-feed.ts renders 1.1 itself.
    const v1 = { version: 'https://jsonfeed.org/version/1', title: 'X', author: { name: 'A' }, items: [{ id: 'tag:x.org,2020:a', content_html: '<p>x</p>', author: { name: 'B' } }] };
    expect(validate(v1)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath || e.keyword)).toEqual(expect.arrayContaining(['/version']));
  });
});
