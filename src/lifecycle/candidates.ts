// Which issues a run considers, and which of them it renders. Pure: the ledger
// and the clock come in as data.
import { isReady } from '../content.js';
import type { Issue } from '../model.js';
import type { Candidate, Readiness } from './types.js';

export interface CandidateInput {
  /** Every issue, in date order (content folder plus named files). */
  readonly archive: readonly Issue[];
  /** Sources of the issue files named on the command line (they are the only candidates). */
  readonly named: readonly string[];
  /** Whether files were named (even when none of them parsed). */
  readonly filesNamed: boolean;
  readonly release: boolean;
  readonly dryRun: boolean;
  /** `--since REF`: a release limited to these sources. */
  readonly only?: readonly string[];
  readonly now: Date;
  /** Release mode: whether the issue still has a selected channel to publish (or one is forced). */
  readonly pending: (issue: Issue) => boolean;
}

export function readinessOf(issue: Issue, now: Date): Readiness {
  if (issue.draft) return 'draft';
  return isReady(issue, now) ? 'ready' : 'scheduled';
}

/**
 * Named files: those files (a dry run renders even a draft for review). A release:
 * every issue (within `--since`), rendering the ready ones with work left. Otherwise
 * the newest ready issue, listed with the drafts and scheduled ones after it.
 */
export function selectCandidates(input: CandidateInput): Candidate[] {
  const { now } = input;
  const make = (issue: Issue, target: (readiness: Readiness) => boolean): Candidate => {
    const readiness = readinessOf(issue, now);
    return { issue, readiness, target: target(readiness) };
  };
  if (input.filesNamed) {
    return input.archive.filter((i) => input.named.includes(i.source)).map((i) => make(i, (r) => input.dryRun || r === 'ready'));
  }
  if (input.release) {
    return input.archive
      .filter((i) => !input.only || input.only.includes(i.source))
      .map((i) => make(i, (r) => r === 'ready' && input.pending(i)));
  }
  const newest = input.archive.filter((i) => isReady(i, now)).at(-1);
  const after = newest ? input.archive.slice(input.archive.indexOf(newest)) : input.archive;
  return after.map((i) => make(i, (r) => i === newest && r === 'ready'));
}
