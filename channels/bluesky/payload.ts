// What render hands publish, and what publish leaves in the ledger.

/** A rich-text facet as the app.bsky.richtext.facet lexicon has it: UTF-8 byte offsets. */
export interface Facet {
  readonly index: { readonly byteStart: number; readonly byteEnd: number };
  readonly features: readonly ({ readonly $type: 'app.bsky.richtext.facet#link'; readonly uri: string } | { readonly $type: 'app.bsky.richtext.facet#tag'; readonly tag: string })[];
}

export interface BlueskyPayload {
  readonly issueId: string;
  readonly issueKey: string;
  /** The record key: a TID derived from the issue, the same on every run. */
  readonly rkey: string;
  readonly text: string;
  readonly graphemes: number;
  readonly bytes: number;
  readonly langs: readonly string[];
  readonly facets: readonly Facet[];
  readonly card: { readonly uri: string; readonly title: string; readonly description: string };
  /** Where the card's thumbnail is read from at publish time; absent: a card without one. */
  readonly thumbnail?: { readonly url: string } | { readonly file: string };
}

export interface BlueskyReceipt {
  readonly channel: 'bluesky';
  /** at://did/app.bsky.feed.post/rkey */
  readonly uri: string;
  readonly cid: string;
  /** https://bsky.app/profile/<handle>/post/<rkey> */
  readonly url: string;
  readonly rkey: string;
  /** True when the record was already there (an earlier run crashed before the ledger write). */
  readonly existing: boolean;
  readonly thumbnail: boolean;
}

/** One line for the outcome and the step summary. */
export function describeBlueskyReceipt(receipt: BlueskyReceipt): string {
  return `${receipt.existing ? 'already posted' : 'posted'} ${receipt.url} (${receipt.uri})${receipt.thumbnail ? '' : ', card without thumbnail'}`;
}
