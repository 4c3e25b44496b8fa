// apply(plan): carries the plan out and decides nothing the plan did not say,
// except what only the run itself can learn: a channel that fails holds back the
// later phases for its issues, an interrupt or an unwritable state stops the rest.
import type { ChannelContext } from '../channel.js';
import { messageOf, type LoadedChannel } from '../channel-set.js';
import { PublishError, catalogue, isPublishError } from '../errors.js';
import type { Ledger } from '../ledger.js';
import type { Issue } from '../model.js';
import { redactDeep, type Redactor } from '../redact.js';
import type { Rendered } from './render.js';
import { describeSkip, type Plan, type PlanStep, type SkipReason } from './types.js';

export type OutcomeStatus = 'published' | 'rendered' | 'skipped' | 'failed' | 'blocked';

export interface Outcome {
  readonly issue: string | null;
  readonly channel: string;
  readonly status: OutcomeStatus;
  readonly detail: string;
}

export interface ApplyDeps {
  readonly rendered: readonly Rendered[];
  readonly ledger: Ledger;
  readonly contextFor: (item: LoadedChannel) => ChannelContext<unknown>;
  readonly redact: Redactor;
  readonly signal?: AbortSignal;
}

export interface Applied {
  readonly outcomes: Outcome[];
  /** Set when state could not be written: nothing after it was attempted. */
  readonly stopped?: PublishError;
}

const STATUS: Partial<Record<SkipReason['kind'], OutcomeStatus>> = { blocked: 'blocked', 'render-failed': 'failed' };

function skipped(step: PlanStep & { action: 'skip' }): Outcome {
  return { issue: step.issue.key, channel: step.channel.name, status: STATUS[step.reason.kind] ?? 'skipped', detail: describeSkip(step.reason, step.channel.name) };
}

export async function apply(planned: Plan, deps: ApplyDeps): Promise<Applied> {
  const outcomes: Outcome[] = [];
  // Issue id → phase of the earliest channel that failed it at run time.
  const failedAt = new Map<string, { channel: string; phase: number }>();
  let stopped: PublishError | undefined;
  // Only rendered issues are reported; the others (drafts, complete ones) are in the printed plan.
  const steps = planned.steps.filter((s) => s.target);
  const channels = [...new Set(steps.map((s) => s.channel.name))];
  for (const name of channels) {
    const mine = steps.filter((s) => s.channel.name === name);
    for (const step of mine) if (step.action === 'skip') outcomes.push(skipped(step));
    const publishing = mine.filter((s) => s.action === 'publish');
    if (publishing.length === 0) continue;
    const { channel } = publishing[0];
    // One payload per render: a site render covers every issue it publishes.
    const byRender = new Map<Rendered, Issue[]>();
    for (const step of publishing) {
      const render = deps.rendered.find((r) => r.loaded.channel.name === name && r.covers.some((i) => i.id === step.issue.id));
      if (render) byRender.set(render, [...(byRender.get(render) ?? []), step.issue]);
    }
    for (const [render, covers] of byRender) {
      const key = channel.scope === 'site' ? null : render.issue.key;
      if (stopped) {
        outcomes.push({ issue: key, channel: name, status: 'skipped', detail: `not started: ${stopped.code} (state cannot be written)` });
        continue;
      }
      if (deps.signal?.aborted) {
        outcomes.push({ issue: key, channel: name, status: 'skipped', detail: 'interrupted' });
        continue;
      }
      const holder = covers.map((i) => failedAt.get(i.id)).find((h) => h !== undefined && h.phase < channel.phase);
      if (holder && covers.every((i) => failedAt.has(i.id))) {
        outcomes.push({ issue: key, channel: name, status: 'skipped', detail: describeSkip({ kind: 'waits', channel: holder.channel }, name) });
        continue;
      }
      const result = await publishOne(render, covers, deps);
      outcomes.push(result.outcome);
      if (result.stopped) stopped = result.stopped;
      if (result.outcome.status === 'failed') for (const issue of covers) if (!failedAt.has(issue.id)) failedAt.set(issue.id, { channel: name, phase: channel.phase });
    }
  }
  return { outcomes, stopped };
}

async function publishOne(render: Rendered, covers: readonly Issue[], deps: ApplyDeps): Promise<{ outcome: Outcome; stopped?: PublishError }> {
  const { channel } = render.loaded;
  const key = channel.scope === 'site' ? null : render.issue.key;
  let receipt: unknown;
  try {
    receipt = await channel.publish(render.result.payload, deps.contextFor(render.loaded));
  } catch (error) {
    const outcome: Outcome = { issue: key, channel: channel.name, status: 'failed', detail: failureDetail(channel.name, error) };
    // A channel that could not write its own state (the email journal) stops the run like the ledger does.
    return isPublishError(error) && error.code === 'NP602' ? { outcome, stopped: error } : { outcome };
  }
  // Receipts hold server replies, which may echo a secret: redacted before they reach the committed ledger.
  const stored = redactDeep(receipt, deps.redact);
  const summary = channel.describe(stored);
  try {
    const at = new Date().toISOString();
    for (const issue of covers) deps.ledger.record(issue.id, channel.name, { at, payloadHash: render.payloadHash, sourceHash: issue.sourceHash, receipt: stored });
    return { outcome: { issue: key, channel: channel.name, status: 'published', detail: summary } };
  } catch (error) {
    // Published, but not recorded: never reported as failed (a re-run must not look like a retry).
    const stopped = isPublishError(error) ? error : new PublishError('NP602', messageOf(error));
    const detail = `${summary}; NOT recorded in the ledger (${stopped.code}): the next run relies on the channel's own exactly-once check (journal, idempotency key, duplicate check) not to repeat it`;
    return { outcome: { issue: key, channel: channel.name, status: 'published', detail }, stopped };
  }
}

/** What failed and what to do, without repeating the channel name the outcome line already shows. */
function failureDetail(channel: string, error: unknown): string {
  const strip = (text: string) => text.replace(new RegExp(`^${channel}: `), '');
  if (!isPublishError(error)) return strip(messageOf(error));
  return [`${error.code} ${strip(error.message)}`, ...error.details.map(strip), `what to do: ${catalogue[error.code].hint}`].join('; ');
}
