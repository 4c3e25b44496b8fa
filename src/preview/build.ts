// One preview build: the lifecycle's own dry run (the same code path as
// `publish --dry-run`, so the preview never drifts from what would be sent)
// into a private folder, turned into the review model.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../channel.js';
import { loadConfig, type Config } from '../config.js';
import { listIssueFiles } from '../content.js';
import { isPublishError } from '../errors.js';
import { createRedactor } from '../redact.js';
import { run } from '../release.js';
import { buildReviewModel, type ReviewModel } from './review-model.js';

export interface BuildInput {
  readonly cwd: string;
  readonly env: Env;
  readonly configFile?: string;
  /** An issue file to include even when it lives outside the content folder. */
  readonly file?: string;
  readonly outDir: string;
  readonly signal?: AbortSignal;
}

export type BuildOutcome =
  | { readonly ok: true; readonly model: ReviewModel; readonly config: Config; readonly ms: number }
  | { readonly ok: false; readonly message: string; readonly details: readonly string[]; readonly config?: Config; readonly ms: number };

const silent = { write: (): boolean => true };

export async function buildPreview(input: BuildInput): Promise<BuildOutcome> {
  const started = performance.now();
  const redact = createRedactor(input.env);
  const elapsed = (): number => Math.round(performance.now() - started);
  let config: Config | undefined;
  try {
    config = loadConfig(input.cwd, input.configFile);
    const files = listIssueFiles(config.content);
    if (input.file) {
      const named = path.resolve(input.cwd, input.file);
      if (!existsSync(named)) return { ok: false, message: `${input.file}: no such file`, details: [], config, ms: elapsed() };
      if (!files.includes(named)) files.push(named);
    }
    if (files.length === 0) return { ok: false, message: `no Markdown issue in ${path.relative(input.cwd, config.content) || config.content}`, details: [], config, ms: elapsed() };
    // Every issue is named, so drafts are rendered too: reviewing them is the point.
    const result = await run({ cwd: input.cwd, env: input.env, stdout: silent, stderr: silent, configFile: input.configFile, files, dryRun: true, outDir: input.outDir, signal: input.signal });
    if (!result.review) return { ok: false, message: 'the dry run wrote no output', details: [], config, ms: elapsed() };
    const notes = [
      ...result.problems.map((p) => `${p.channel} (${p.step}): ${p.message}`),
      ...result.outcomes.filter((o) => o.status === 'failed').map((o) => `${o.channel} (render${o.issue ? ` ${o.issue}` : ''}): ${o.detail}`),
    ].map(redact);
    return { ok: true, model: buildReviewModel(result.review, notes), config, ms: elapsed() };
  } catch (error) {
    if (isPublishError(error)) return { ok: false, message: redact(`${error.code}: ${error.message}`), details: error.details.map(redact), config, ms: elapsed() };
    const text = error instanceof Error ? error.message : String(error);
    return { ok: false, message: redact(text), details: [], config, ms: elapsed() };
  }
}
