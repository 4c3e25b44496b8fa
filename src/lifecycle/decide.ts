// The one decision of the lifecycle: does this issue go out on this channel now,
// and if not, why. Pure and small on purpose: whoever needs a new rule (which
// issues of a translation set a channel publishes) extends it here, and the
// dry run, the prompt and the live run all follow it.
import type { PublishedRecord } from '../channel.js';
import { settledReason } from '../translations/ledger.js';
import type { ArchiveMark } from './archive-facts.js';
import type { Candidate, PlanChannel, RenderFacts, SkipReason } from './types.js';

export interface DecisionFacts {
  /** The ledger's record of this issue on this channel. */
  readonly record: PublishedRecord | undefined;
  /** `--force CHANNEL`: publish again although the ledger has it. */
  readonly forced: boolean;
  /** Why errors block the issue on every channel (lint and render findings), when they do. */
  readonly blocked: string | undefined;
  /** This channel's render of the issue; undefined when it was not rendered. */
  readonly render: RenderFacts | undefined;
  /** An earlier-phase channel that cannot publish this issue (so links to it would not be live). */
  readonly waitsFor: string | undefined;
  /** Release mode: the newer issue that makes this one archive on this channel (archive-facts.ts). */
  readonly backlog?: ArchiveMark;
}

/** publish, or the reason to skip: checked from the most to the least fundamental. */
export function decide(candidate: Candidate, channel: PlanChannel, facts: DecisionFacts): SkipReason | 'publish' {
  const { issue } = candidate;
  if (candidate.readiness === 'draft') return { kind: 'draft' };
  if (candidate.readiness === 'scheduled') return { kind: 'scheduled', date: issue.date };
  // A member of a translation set this channel does not handle (it posts the original, or another language).
  if (facts.render?.kind === 'translation') return { kind: 'translation', reason: facts.render.reason };
  const settled = settledReason(facts.record);
  if (settled !== undefined && !facts.forced) return { kind: 'translation', reason: settled };
  // Older than what this channel sends: the archive (an adopted newsletter's back issues, a
  // channel added later, an old file added to the folder) is never sent by a release, and
  // `--force CHANNEL` re-sends the newest issue, not every one the channel ever sent.
  if (facts.backlog && (!facts.record || facts.forced)) return { kind: 'backlog', ...facts.backlog, site: channel.scope === 'site' };
  // Errors block the issue on every channel, as `publish check` reports them.
  if (facts.blocked) return { kind: 'blocked', detail: facts.blocked };
  const { record, render } = facts;
  if (record && !facts.forced) {
    // An edit after publication is reported, never silently re-sent: the source file changed,
    // or (an issue channel) what it would send now differs from what it sent.
    const sourceChanged = record.sourceHash !== undefined && record.sourceHash !== issue.sourceHash;
    const payloadChanged = channel.scope === 'issue' && render?.kind === 'rendered' && !render.shared && render.payloadHash !== record.payloadHash;
    return sourceChanged || payloadChanged ? { kind: 'changed', at: record.at } : { kind: 'published', at: record.at };
  }
  if (!render) return { kind: 'not-rendered' };
  if (render.kind === 'failed') return { kind: 'render-failed', message: render.message };
  // A site-wide render (the feed) covers older issues too: its own errors block it
  // even when they are about an issue that is not being released.
  if (render.ownErrors.length > 0) return { kind: 'blocked', detail: `${render.ownErrors.length} error${render.ownErrors.length === 1 ? '' : 's'} in its render: ${render.ownErrors[0]}` };
  if (facts.waitsFor) return { kind: 'waits', channel: facts.waitsFor };
  return 'publish';
}

/** A skip that means "this should go out but cannot": later phases wait for it. */
export function holdsBack(reason: SkipReason | 'publish'): boolean {
  return reason !== 'publish' && (reason.kind === 'blocked' || reason.kind === 'render-failed' || reason.kind === 'waits' || reason.kind === 'not-rendered');
}
