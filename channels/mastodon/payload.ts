import type { AnnouncementInput } from '../announcement/compose.js';
import type { Highlight } from '../announcement/highlights.js';
import type { Visibility } from './options.js';

/** Everything publish needs, including the composer's input to recompose for a smaller live limit. */
export interface MastodonPayload {
  readonly issueId: string;
  readonly issueKey: string;
  readonly text: string;
  readonly length: number;
  readonly limit: number;
  readonly visibility: Visibility;
  readonly language: string;
  readonly input: AnnouncementInput;
  readonly template: string;
  readonly highlights: readonly Highlight[];
  readonly thread: readonly string[];
  readonly image?: { readonly url: string; readonly alt: string };
}

export interface PostedStatus {
  readonly id: string;
  readonly url: string;
}

export interface MastodonReceipt extends PostedStatus {
  readonly channel: 'mastodon';
  readonly length: number;
  readonly limit: number;
  readonly idempotencyKey: string;
  /** The replies posted, in order (fewer than composed when one failed: see threadError). */
  readonly thread: readonly PostedStatus[];
  /** Why the thread is incomplete; the announcement itself was posted. */
  readonly threadError?: string;
  readonly mediaId?: string;
  /** True when the live limit was smaller than the rendered one and the text was recomposed. */
  readonly recomposed: boolean;
}

export function isMastodonReceipt(value: unknown): value is MastodonReceipt {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return r['channel'] === 'mastodon' && typeof r['id'] === 'string' && typeof r['url'] === 'string';
}
