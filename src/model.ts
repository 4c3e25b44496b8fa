// The one parsed model every channel reads. Plain readonly data: no methods,
// no Date objects (they are mutable and carry a hidden clock), no Markdown.

export interface Link {
  /** Absolute URL (http(s), mailto, xmpp) as it appears in `html`. */
  readonly href: string;
  readonly text: string;
  /** 1-based line in the source file. */
  readonly line: number;
}

export interface Image {
  /** Absolute URL. */
  readonly src: string;
  readonly alt: string;
  readonly title?: string;
  /** Plain text of the caption (Markdown reduced): for alt text and text parts. */
  readonly caption?: string;
  /** The caption's inline Markdown rendered to HTML (links, emphasis, code). */
  readonly captionHtml?: string;
  /** Size the source asks for (figure `width`/`height`), in CSS pixels: a maximum. */
  readonly width?: number;
  readonly height?: number;
  readonly line: number;
}

export interface Section {
  readonly heading: string;
  /** The heading's inline HTML (keeps a heading that is a link a link), URLs absolute. */
  readonly headingHtml?: string;
  /** 1–6, from the Markdown heading. */
  readonly level: number;
  /** GitHub-style slug, unique within the issue. */
  readonly anchor: string;
  readonly line: number;
  /** HTML of this section's own content (up to the first child heading), URLs absolute. */
  readonly html: string;
  /** Plain text of the same content. */
  readonly text: string;
  readonly links: readonly Link[];
  readonly images: readonly Image[];
  readonly children: readonly Section[];
}

export type FrontMatterDialect = 'hugo' | 'pelican' | 'plain';

export interface Issue {
  /** Immutable identifier for feeds and the ledger (front matter `id`, else derived, then pinned by the ledger). */
  readonly id: string;
  /** Canonical path with `/` turned to `-`, e.g. `2020-10-newsletter-10-october`; names output folders. */
  readonly key: string;
  /** Path of the Markdown file, relative to the working directory when possible. */
  readonly source: string;
  readonly dialect: FrontMatterDialect;
  readonly title: string;
  /** ISO 8601 instant (UTC, `Z`). */
  readonly date: string;
  /** ISO 8601 instant; equals `date` unless front matter says `lastmod`/`updated`/`modified`. */
  readonly updated: string;
  readonly authors: readonly string[];
  /** BCP 47 tag, e.g. `en`, `de`. */
  readonly language: string;
  /** Front matter `translationKey` (Hugo): files sharing it are translations of one issue. */
  readonly translationKey?: string;
  /** Absolute https URL of the issue on the site. */
  readonly canonicalUrl: string;
  /** Site-relative canonical path, starting and ending with `/`. */
  readonly canonicalPath: string;
  /** Plain text. */
  readonly summary: string;
  /**
   * The editors' own words for announcements: front matter `announcement`, else
   * `summary` (never derived from the body). Absent when they wrote none.
   */
  readonly announcement?: string;
  readonly draft: boolean;
  readonly categories: readonly string[];
  /** Content before the first heading. */
  readonly intro: { readonly html: string; readonly text: string };
  readonly sections: readonly Section[];
  /** Every image in document order, absolute URLs. */
  readonly images: readonly Image[];
  /** Every link in document order, absolute URLs. */
  readonly links: readonly Link[];
  /** The whole body rendered once: absolute URLs, no script, no javascript:/data: links. */
  readonly html: string;
  /** Plain-text rendering of the body. */
  readonly text: string;
  /** SHA-256 of the source bytes: detects edits after publication. */
  readonly sourceHash: string;
}

export type Severity = 'error' | 'warning';

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  /** 1-based; 0 when the finding is about the whole file. */
  readonly line: number;
  /** Suggested fix, when there is an obvious one. */
  readonly fix?: string;
}

export interface ParsedIssue {
  /** Absent when the file cannot be turned into an issue at all (no title, not text…). */
  readonly issue?: Issue;
  readonly findings: readonly Finding[];
}

/** One file of the content folder: its issue when it parsed, and what lint found. */
export interface ContentEntry {
  readonly file: string;
  readonly issue?: Issue;
  readonly findings: readonly Finding[];
}
