// The dry-run output layout (DESIGN §6): artifacts under out/ and a manifest
// listing them with the findings. The review page is drawn by the caller that
// wants one (the CLI's dry run, the preview) from what the run returns.
import { existsSync, mkdirSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { Config } from './config.js';
import { PublishError } from './errors.js';
import { REVIEW_FILES, type ChannelArtifacts, type Manifest, type ManifestEntry, type ReviewContext } from './manifest.js';
import type { Finding } from './model.js';

export type { ChannelArtifacts, Manifest, ManifestEntry, ReviewContext } from './manifest.js';
export { REVIEW_FILES } from './manifest.js';

/** The output folder must never hold the project itself: clearing it would delete sources or the ledger. */
function guardOutDir(outDir: string, config: Config): void {
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep);
  for (const [what, folder] of [['the project (config folder)', config.root], ['the content folder', config.content], ['the ledger folder', config.stateDir]] as const) {
    if (inside(folder, outDir)) {
      throw new PublishError('NP103', `--out ${outDir} contains ${what} (${folder}): dry-run output must go to a folder of its own, such as out/`);
    }
  }
}

/**
 * Removes what the previous dry run wrote, as its manifest lists it, so stale
 * files never linger in a CI artifact — and nothing else in the folder is touched.
 */
function removePreviousOutput(outDir: string): void {
  const manifestFile = path.join(outDir, 'manifest.json');
  if (!existsSync(manifestFile)) return;
  let previous: Partial<Manifest>;
  try {
    previous = JSON.parse(readFileSync(manifestFile, 'utf8')) as Partial<Manifest>;
  } catch {
    return;
  }
  const files = [...(previous.artifacts ?? []).map((a) => a.path), ...REVIEW_FILES];
  const folders = new Set<string>();
  for (const file of files) {
    const target = path.resolve(outDir, file);
    if (!target.startsWith(outDir + path.sep)) continue;
    rmSync(target, { force: true });
    folders.add(path.dirname(target));
  }
  // Then the folders those files leave empty (deepest first).
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    for (let dir = folder; dir.startsWith(outDir + path.sep); dir = path.dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        break; // not empty: someone else's files live here
      }
    }
  }
}

export function writeDryRun(outDir: string, channels: readonly ChannelArtifacts[], findings: readonly Finding[], context: ReviewContext): Manifest {
  guardOutDir(outDir, context.config);
  removePreviousOutput(outDir);
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
  return manifest;
}
