import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { createFeedChannel } from '../../../channels/feed/index.js';
import { artifactText, makeContext, makeIssue } from './helpers.js';

const channel = createFeedChannel();
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'item', 'link', 'author', 'category', 'dc:creator'].includes(name) });

describe('feed render of a hand-written issue', () => {
  it('writes atom.xml, rss.xml and feed.json under feed/', async () => {
    const issue = makeIssue();
    const result = await channel.render(issue, makeContext([issue]));
    expect(result.artifacts.map((a) => a.path)).toEqual(['feed/atom.xml', 'feed/rss.xml', 'feed/feed.json']);
    expect(result.artifacts.every((a) => a.issue === null)).toBe(true);
    console.log(artifactText(result, 'feed/atom.xml'));
    console.log(artifactText(result, 'feed/rss.xml'));
    console.log(artifactText(result, 'feed/feed.json'));
  });
});
