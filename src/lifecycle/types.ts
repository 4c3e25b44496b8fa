// The plan as data: for each issue × channel, publish or skip with a reason.
// plan() builds it without side effects; apply() only carries it out; the dry
// run and the confirmation prompt print it.
import type { Issue } from '../model.js';

/** Why an issue is (not) eligible at all, before any channel is asked. */
export type Readiness = 'ready' | 'draft' | 'scheduled';

export interface Candidate {
  readonly issue: Issue;
  readonly readiness: Readiness;
  /** Rendered in this run (a live run can publish it, a dry run reviews it); others are only listed. */
  readonly target: boolean;
}

/** What plan() needs to know about a channel: its name, scope and phase (never its code). */
export interface PlanChannel {
  readonly name: string;
  readonly scope: 'issue' | 'site';
  readonly phase: number;
}

/** What a render told the plan about one issue on one channel. */
export type RenderFacts =
  /** shared: the render stands for other issues too (its payload changes when they do). */
  | { readonly kind: 'rendered'; readonly payloadHash: string; readonly ownErrors: readonly string[]; readonly shared?: boolean }
  | { readonly kind: 'failed'; readonly message: string }
  /** The channel handles another member of this issue's translation set (src/translations). */
  | { readonly kind: 'translation'; readonly reason: string };

export type SkipReason =
  | { readonly kind: 'draft' }
  | { readonly kind: 'scheduled'; readonly date: string }
  | { readonly kind: 'published'; readonly at: string }
  | { readonly kind: 'changed'; readonly at: string }
  | { readonly kind: 'blocked'; readonly detail: string }
  | { readonly kind: 'render-failed'; readonly message: string }
  | { readonly kind: 'waits'; readonly channel: string }
  | { readonly kind: 'translation'; readonly reason: string }
  /** A release never sends the archive: older than `newest` (its key), the newest issue this channel has sent, or, on its first release, will send. */
  | { readonly kind: 'backlog'; readonly newest: string; readonly first: boolean; readonly site: boolean }
  | { readonly kind: 'not-rendered' };

interface StepBase {
  readonly issue: Issue;
  readonly channel: PlanChannel;
  /** The issue was rendered in this run: apply reports an outcome for it. */
  readonly target: boolean;
}

export type PlanStep = (StepBase & { readonly action: 'publish' }) | (StepBase & { readonly action: 'skip'; readonly reason: SkipReason });

export interface Plan {
  /** Grouped by channel in apply order (phase, then config order); issues by date within a channel. */
  readonly steps: readonly PlanStep[];
}

/** The reason as the plan line and the outcome say it. */
export function describeSkip(reason: SkipReason, channel: string): string {
  switch (reason.kind) {
    case 'draft': return 'draft';
    case 'scheduled': return `scheduled for ${reason.date}`;
    case 'published': return `already published ${reason.at}`;
    case 'changed': return `already published ${reason.at}, but the issue changed since (NP501): re-publish deliberately with --force ${channel}`;
    case 'blocked': return `blocked by findings: ${reason.detail}`;
    case 'render-failed': return `render failed: ${reason.message}`;
    case 'waits': return `waits for ${reason.channel}, which cannot publish this issue yet (its link would not be live)`;
    case 'not-rendered': return 'not rendered in this run';
    case 'translation': return `translation set: ${reason.reason}`;
    case 'backlog': {
      const than = reason.first ? `older than ${reason.newest}, the newest ready issue (the channel's first release)` : `older than ${reason.newest}, which this channel has already published`;
      return reason.site
        ? `archive: ${than}; listed in the files as an older issue, not announced`
        : `archive: ${than}; a release never sends back issues (to send this one anyway: publish FILE --channel ${channel})`;
    }
  }
}
