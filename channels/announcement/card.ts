// The review card (kind `posts`) of an announcement channel: each post with
// its length as the platform counts it, so the page and publish agree.
import type { PostsCard } from '../../src/card.js';
import type { LengthCounter } from './length.js';

export interface PostRule {
  readonly counter: LengthCounter;
  readonly limit: number;
  /** How the counter counts, in words a reviewer understands. */
  readonly rule: string;
}

/** The announcement first, then its thread replies; empty texts are left out as publish leaves them out. */
export function postsCard(issueKey: string, label: string, texts: readonly string[], { counter, limit, rule }: PostRule): PostsCard {
  return {
    kind: 'posts',
    issue: issueKey,
    label,
    posts: texts.filter((t) => t.trim() !== '').map((text) => ({ text, length: counter.count(text), limit, rule })),
  };
}
