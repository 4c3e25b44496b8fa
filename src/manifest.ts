// What a dry run leaves behind (DESIGN §6), as types: the manifest of out/,
// and what a caller needs to draw the review page from it. A leaf module
// (types only), so output, the lifecycle and the preview share it without
// importing each other.
import type { Artifact } from './channel.js';
import type { ChannelCard } from './card.js';
import type { Config } from './config.js';
import type { Ledger } from './ledger.js';
import type { Finding, Issue } from './model.js';

export interface ChannelArtifacts {
  readonly channel: string;
  readonly artifacts: readonly Artifact[];
}

export interface ManifestEntry {
  readonly issue: string | null;
  readonly channel: string;
  readonly path: string;
  readonly mediaType: string;
}

export interface Manifest {
  readonly artifacts: ManifestEntry[];
  readonly findings: Finding[];
}

export interface ReviewContext {
  readonly targets: readonly Issue[];
  readonly archive: readonly Issue[];
  readonly ledger: Ledger;
  readonly config: Config;
}

/** Everything the review page is drawn from: a dry run returns it, the caller that wants a page draws it. */
export interface DryRunReview {
  readonly outDir: string;
  readonly manifest: Manifest;
  /** Every card the channels' renders returned, in publish order. */
  readonly cards: readonly ChannelCard[];
  readonly context: ReviewContext;
}

/** Files of out/ that are not artifacts: a dry run removes them with the previous artifacts. */
export const REVIEW_FILES = ['manifest.json', 'index.html'] as const;
