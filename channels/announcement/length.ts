// Exact length rules of each platform. Counting must match the server's own
// validator, or a post is rejected at publish time (or cut far too short).
import { createRequire } from 'node:module';

// twitter-text takes ~130 ms to load; the review page imports these counters
// for every dry run, so the library is loaded on the first count, not before.
type TwitterText = typeof import('twitter-text');
let loaded: TwitterText | undefined;
function twitterText(): TwitterText {
  loaded ??= createRequire(import.meta.url)('twitter-text') as TwitterText;
  return loaded;
}

export interface LengthCounter {
  /** Platform name, for messages. */
  readonly platform: string;
  /** Length as the platform counts it. */
  count(text: string): number;
}

// Created on first use: building a Segmenter loads ICU break data (~15 ms),
// which every dry run would pay at import time.
let graphemes: Intl.Segmenter | undefined;

export function graphemeLength(text: string): number {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/**
 * Mastodon's StatusLengthValidator: every URL with a scheme counts as a fixed
 * number of characters (`characters_reserved_per_url`, 23), the rest counts
 * grapheme clusters. Remote mentions (`@user@host`) count only `@user` there;
 * counting them whole here over-counts, which is the safe direction.
 */
export function mastodonCounter(urlLength = 23): LengthCounter {
  return {
    platform: 'mastodon',
    count: (text: string) => sumOverTokens(text, (token) => mastodonTokenLength(token, urlLength)),
  };
}

/**
 * twitter-text's URL pattern backtracks quadratically on long runs without
 * spaces (400 emoji: a second per count). No URL, emoji sequence or grapheme
 * spans whitespace, so counting token by token gives the same total, fast.
 * The split keeps whitespace followed by a combining mark or ZWJ attached, as
 * that pair is one grapheme.
 */
function sumOverTokens(text: string, count: (token: string) => number): number {
  let total = 0;
  for (const token of text.split(/(\s+(?![\p{M}\u200d]))/u)) if (token !== '') total += count(token);
  return total;
}

function mastodonTokenLength(text: string, urlLength: number): number {
  const urls = twitterText().extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false });
  let total = 0;
  let at = 0;
  for (const { indices: [start, end] } of urls) {
    total += graphemeLength(text.slice(at, start)) + urlLength;
    at = end;
  }
  return total + graphemeLength(text.slice(at));
}

/** X's weighted length (twitter-text v3 config): URLs 23, emoji and CJK 2, NFC. */
export function twitterCounter(): LengthCounter {
  return {
    platform: 'twitter',
    count: (text: string) => sumOverTokens(text.normalize('NFC'), (token) => twitterText().parseTweet(token).weightedLength),
  };
}

export const TWITTER_MAX_LENGTH = 280;
export const MASTODON_DEFAULT_MAX = 500;
