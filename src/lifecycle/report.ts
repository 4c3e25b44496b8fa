// What a run says besides the plan: why issues wait (the lines editors and
// tests know), and a dry run's outcome per render.
import path from 'node:path';
import type { Ledger } from '../ledger.js';
import type { Logger } from '../log.js';
import type { Issue } from '../model.js';
import { isReady } from '../content.js';
import type { Outcome } from './apply.js';
import type { Renders } from './render.js';
import type { Candidate } from './types.js';

/** Says why the issues that are not released wait (drafts, future dates, edits after publication). */
export interface WaitingInput {
  readonly filesNamed: boolean;
  readonly release: boolean;
  readonly dryRun: boolean;
  readonly forced: boolean;
  readonly archive: readonly Issue[];
  readonly candidates: readonly Candidate[];
  /** The selected channels. */
  readonly names: readonly string[];
  readonly ledger: Ledger;
  readonly now: Date;
}

export function reportWaiting(input: WaitingInput, log: Logger): void {
  const { archive, candidates, names, ledger, now } = input;
  const why = (issue: Issue) => `${issue.source}: skipped, ${issue.draft ? 'it is a draft' : `dated in the future (${issue.date})`}`;
  if (input.filesNamed) {
    if (!input.dryRun) for (const c of candidates) if (c.readiness !== 'ready') log.info(why(c.issue));
    return;
  }
  // A release, or a run that finds nothing ready (a new newsletter's first draft), says why each issue waits.
  if (input.release || !archive.some((i) => isReady(i, now))) {
    for (const issue of archive.filter((i) => !isReady(i, now))) log.info(why(issue));
  }
  if (!input.release || input.forced) return;
  for (const c of candidates) {
    if (c.target || c.readiness !== 'ready') continue;
    const edited = names.filter((n) => {
      const hash = ledger.published(c.issue.id, n)?.sourceHash;
      return hash !== undefined && hash !== c.issue.sourceHash;
    });
    if (edited.length > 0) {
      log.warn(`${c.issue.source} changed after it was published (NP501): not sent again on ${edited.join(', ')}; use --force CHANNEL to re-publish deliberately`);
    }
  }
}

/** A dry run's outcome per render: the files written, or why the render failed. */
export function renderOutcomes(renders: Renders, cwd: string, outDir: string): Outcome[] {
  const where = path.relative(cwd, outDir) || outDir;
  const keyOf = (scope: 'issue' | 'site', issue: Issue | undefined) => (scope === 'site' || !issue ? null : issue.key);
  return [
    ...renders.failures.map((f): Outcome => ({ issue: keyOf(f.loaded.channel.scope, f.covers.at(-1)), channel: f.loaded.channel.name, status: 'failed', detail: `render failed: ${f.message}` })),
    ...renders.rendered.map((r): Outcome => ({ issue: keyOf(r.loaded.channel.scope, r.issue), channel: r.loaded.channel.name, status: 'rendered', detail: `${r.result.artifacts.length} file${r.result.artifacts.length === 1 ? '' : 's'} in ${where}` })),
  ];
}
