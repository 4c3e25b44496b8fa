// Bluesky's two limits on a post's text (app.bsky.feed.post lexicon): at most
// 300 grapheme clusters AND at most 3,000 UTF-8 bytes. The server counts
// graphemes with Intl.Segmenter, as graphemeLength does.
import { graphemeLength, type LengthCounter } from '../announcement/length.js';

export const BLUESKY_MAX_GRAPHEMES = 300;
export const BLUESKY_MAX_BYTES = 3000;

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * One number for the composer, which fits against a single limit: the larger
 * of the grapheme count and a tenth of the byte count (rounded up). It is at
 * most 300 exactly when both real limits hold, so composing against 300
 * shortens for whichever limit is hit.
 */
export function blueskyCounter(): LengthCounter {
  const ratio = BLUESKY_MAX_BYTES / BLUESKY_MAX_GRAPHEMES;
  return {
    platform: 'bluesky',
    count: (text: string) => Math.max(graphemeLength(text), Math.ceil(utf8Length(text) / ratio)),
  };
}

export interface BlueskyLength {
  readonly graphemes: number;
  readonly bytes: number;
  readonly fits: boolean;
}

export function blueskyLength(text: string): BlueskyLength {
  const graphemes = graphemeLength(text);
  const bytes = utf8Length(text);
  return { graphemes, bytes, fits: graphemes <= BLUESKY_MAX_GRAPHEMES && bytes <= BLUESKY_MAX_BYTES };
}
