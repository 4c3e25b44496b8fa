// Social posts as the platforms count them: the counters are the channels'
// own (channels/announcement/length.ts), so the page and publish agree.
import type { Config } from '../config.js';
import { MASTODON_DEFAULT_MAX, TWITTER_MAX_LENGTH, mastodonCounter, twitterCounter, type LengthCounter } from '../../channels/announcement/length.js';

export interface SocialPost {
  readonly text: string;
  readonly length: number;
}

export interface SocialCard {
  readonly channel: string;
  readonly limit: number;
  /** How the length is counted, in words a reviewer understands. */
  readonly rule: string;
  readonly posts: readonly SocialPost[];
}

interface Platform {
  readonly counter: LengthCounter;
  readonly limit: number;
  readonly rule: string;
}

function platform(channel: string, config: Config): Platform | undefined {
  if (channel === 'mastodon') {
    const raw = config.channels.find((c) => c.name === 'mastodon')?.options['maxCharacters'];
    const limit = typeof raw === 'number' && Number.isInteger(raw) && raw > 0 ? raw : MASTODON_DEFAULT_MAX;
    return { counter: mastodonCounter(), limit, rule: 'characters, every link counts 23' };
  }
  if (channel === 'twitter') return { counter: twitterCounter(), limit: TWITTER_MAX_LENGTH, rule: 'weighted length: links 23, emoji and CJK 2' };
  return undefined;
}

export function isSocialChannel(channel: string): boolean {
  return channel === 'mastodon' || channel === 'twitter';
}

/** The announcement and, when the channel wrote one, its thread (replies separated by `---` lines). */
export function socialCard(channel: string, post: string, thread: string | undefined, config: Config): SocialCard | undefined {
  const p = platform(channel, config);
  if (!p) return undefined;
  const texts = [post, ...(thread === undefined ? [] : thread.split(/\n\n---\n\n/))].map((t) => t.replace(/\n$/, ''));
  return {
    channel,
    limit: p.limit,
    rule: p.rule,
    posts: texts.filter((t) => t.trim() !== '').map((text) => ({ text, length: p.counter.count(text) })),
  };
}
