import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFeedChannel } from '../../../channels/feed/index.js';
import { PublishError } from '../../../src/errors.js';
import { makeConfig } from './helpers.js';

const channel = createFeedChannel();

describe('feed options', () => {
  it('defaults: newest 20, public/feed next to the config, <site>/feed/, site languages, no hub', () => {
    const config = makeConfig();
    expect(channel.parseOptions({}, {}, config)).toEqual({
      limit: 20,
      outputDir: path.join(config.root, 'public/feed'),
      publicUrl: 'https://xmpp.org/feed/',
      hub: undefined,
      languages: ['en'],
      id: undefined,
    });
  });

  it('accepts every option and normalises the public URL to a folder', () => {
    const config = makeConfig('  languages: [en, de, fr]');
    const options = channel.parseOptions(
      { limit: 5, outputDir: 'site/feeds', publicUrl: 'https://example.org/feeds', hub: 'https://hub.example.org/', languages: ['de', 'PT-BR'], id: 'tag:xmpp.org,2018:newsletter' },
      {},
      config,
    );
    expect(options).toEqual({
      limit: 5,
      outputDir: path.join(config.root, 'site/feeds'),
      publicUrl: 'https://example.org/feeds/',
      hub: 'https://hub.example.org/',
      languages: ['en', 'de', 'pt-br'],
      id: 'tag:xmpp.org,2018:newsletter',
    });
    expect(channel.parseOptions({}, {}, config).languages).toEqual(['en', 'de', 'fr']);
  });

  it('lists every problem at once under NP204', () => {
    const config = makeConfig();
    let caught: unknown;
    try {
      channel.parseOptions({ limit: 0, outputDir: '', publicUrl: 'feed/', hub: 'ftp://hub', languages: 'de', id: 'not a uri', limt: 3 }, {}, config);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PublishError);
    const error = caught as PublishError;
    expect(error.code).toBe('NP204');
    expect(error.details.map((d) => d.split(':')[0])).toEqual([
      'feed.limt', 'feed.limit', 'feed.outputDir', 'feed.publicUrl', 'feed.hub', 'feed.languages', 'feed.id',
    ]);
  });

  it('rejects a public URL with a query and a fractional limit', () => {
    const config = makeConfig();
    const details = (raw: unknown): readonly string[] => {
      try {
        channel.parseOptions(raw, {}, config);
      } catch (error) {
        if (error instanceof PublishError) return error.details;
        throw error;
      }
      return [];
    };
    expect(details({ publicUrl: 'https://example.org/feed/?x=1' })).toEqual(['feed.publicUrl: must be a folder URL without ?query or #fragment']);
    expect(details({ limit: 2.5 })).toEqual(['feed.limit: must be a whole number from 1 to 10000, got 2.5']);
    expect(details('twenty')).toEqual(['feed: options must be a mapping']);
  });
});
