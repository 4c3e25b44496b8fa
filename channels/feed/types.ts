// What render hands publish, and what publish hands the ledger. Plain JSON:
// the lifecycle hashes the payload and stores the receipt.

/** What the feed said about one issue: enough to notice a later id or URL change. */
export interface EntryState {
  readonly id: string;
  readonly link: string;
  readonly source: string;
  readonly language: string;
  readonly updated: string;
}

/** The feed-level id a feed was rendered with (Atom `<id>`; RSS and JSON Feed have no feed id). */
export interface FeedIdState {
  /**
   * The Atom file it belongs to (`atom.xml`, `atom.de.xml`…): subscribers follow a file, so the id
   * is keyed by it, not by the language (a change of `site.language` keeps `atom.xml`'s id).
   */
  readonly file: string;
  readonly id: string;
}

export interface FeedFile {
  /** File name inside the output folder, e.g. `atom.xml`, `feed.de.json`. */
  readonly name: string;
  readonly mediaType: string;
  readonly content: string;
  /** Public URL: the `rel="self"` link and the WebSub topic. */
  readonly url: string;
}

export interface FeedPayload {
  readonly files: readonly FeedFile[];
  readonly entries: readonly EntryState[];
  readonly feeds: readonly FeedIdState[];
}

export interface FeedReceipt {
  /** Output folder, relative to the config root when inside it. */
  readonly outputDir: string;
  readonly files: ReadonlyArray<{ readonly name: string; readonly sha256: string; readonly bytes: number }>;
  /** One line per feed URL pinged: HTTP status, or the error that stopped the ping. */
  readonly hub: ReadonlyArray<{ readonly topic: string; readonly status: number | string }>;
  readonly entries: readonly EntryState[];
  /** The feed ids used: a later render reuses them, so moving the site or `publicUrl` keeps every subscription. */
  readonly feeds: readonly FeedIdState[];
}
