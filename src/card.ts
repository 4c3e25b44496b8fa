// Review cards: what a channel's render shows a reviewer, typed by kind. The
// channel chooses the kind and fills it from what it rendered; the review page
// draws cards by kind and never asks which channel made one. A leaf module:
// channels, the lifecycle and the preview all import it, it imports nothing.

interface CardBase {
  /** Key of the issue the card shows (a site-scope channel returns one card per issue). */
  readonly issue: string;
  /** The card's heading, e.g. `Email`, `Mastodon`, `Feed entry`. */
  readonly label: string;
}

export interface CardHeader {
  readonly name: string;
  /** As a client displays it (RFC 2047 words decoded). */
  readonly value: string;
  /** As written in the message (unfolded), when it differs from `value`. */
  readonly raw?: string;
}

/** A message as a mail client shows it: both parts, the headers, and its size against a budget. */
export interface MessageCard extends CardBase {
  readonly kind: 'message';
  readonly html: string;
  /** The plain-text part, when the message has one. */
  readonly text?: string;
  readonly headers: readonly CardHeader[];
  /** UTF-8 bytes of `html`. */
  readonly bytes: number;
  readonly budget: { readonly bytes: number; readonly why: string };
}

export interface CardPost {
  readonly text: string;
  /** The length as the platform counts it. */
  readonly length: number;
  readonly limit: number;
  /** How `length` is counted, in words a reviewer understands (`characters, every link counts 23`). */
  readonly rule: string;
}

/** One or more posts (an announcement and its thread replies). */
export interface PostsCard extends CardBase {
  readonly kind: 'posts';
  readonly posts: readonly CardPost[];
}

export interface CardFeedEntry {
  readonly id: string;
  readonly title: string;
  readonly link: string;
  /** ISO 8601 instants. */
  readonly published: string;
  readonly updated: string;
  readonly authors: readonly string[];
  /** Plain text; empty when the entry has none. */
  readonly summary: string;
  /** The entry's content as HTML (shown in a sandboxed frame). */
  readonly contentHtml: string;
  readonly language: string;
}

/** An entry as a feed reader shows it, and the files that carry it. */
export interface FeedEntryCard extends CardBase {
  readonly kind: 'feed-entry';
  /** The feed's (or node's) own name, shown above the entry as a reader does. */
  readonly feedTitle: string;
  /** Absent when the issue is not in the rendered feed: `absent` says why. */
  readonly entry?: CardFeedEntry;
  readonly absent?: string;
  /** Output paths (as in the manifest) of the files carrying the entry. */
  readonly files: readonly string[];
}

/** Anything else: the artifacts, each with a short description. */
export interface FilesCard extends CardBase {
  readonly kind: 'files';
  readonly files: ReadonlyArray<{ readonly path: string; readonly description: string }>;
}

export type Card = MessageCard | PostsCard | FeedEntryCard | FilesCard;

export type CardKind = Card['kind'];

/** A card with the channel that rendered it, as a run returns them. */
export interface ChannelCard {
  readonly channel: string;
  readonly card: Card;
}
