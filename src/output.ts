// The dry-run output layout (DESIGN §6): artifacts under out/, a manifest
// listing them with the findings, and the static review page.
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { Artifact } from './channel.js';
import type { Config } from './config.js';
import type { Ledger } from './ledger.js';
import type { Finding, Issue } from './model.js';
// Light on purpose (no channel or template code): `publish check` never loads this file anyway.
import { writeReviewPage } from './preview/static-page.js';

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

export type ReviewPageWriter = (outDir: string, manifest: Manifest, context: ReviewContext) => void;

let reviewPage: ReviewPageWriter = writeReviewPage;

/** Replaces the out/index.html writer: `publish preview` keeps the model in memory instead. */
export function setReviewPageWriter(writer: ReviewPageWriter): void {
  reviewPage = writer;
}

export function writeDryRun(outDir: string, channels: readonly ChannelArtifacts[], findings: readonly Finding[], context: ReviewContext): Manifest {
  // Only a folder we wrote before is cleared, so stale files never linger in a CI artifact.
  if (existsSync(path.join(outDir, 'manifest.json'))) rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const entries: ManifestEntry[] = [];
  for (const { channel, artifacts } of channels) {
    for (const artifact of artifacts) {
      const target = path.resolve(outDir, artifact.path);
      if (!target.startsWith(outDir + path.sep)) throw new Error(`artifact path escapes the output folder: ${artifact.path}`);
      writeFileAtomic(target, artifact.content, false);
      entries.push({ issue: artifact.issue, channel, path: artifact.path, mediaType: artifact.mediaType });
    }
  }
  const manifest: Manifest = { artifacts: entries, findings: [...findings] };
  writeFileAtomic(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', false);
  reviewPage(outDir, manifest, context);
  return manifest;
}
