// plan(): every candidate issue × every selected channel, publish or skip with
// the reason. Pure: the ledger, the renders and the findings come in as data,
// so the dry run prints exactly the plan a live run will follow.
import type { PublishedRecord } from '../channel.js';
import type { IsArchive } from './archive-facts.js';
import { decide, holdsBack } from './decide.js';
import { describeSkip, type Candidate, type Plan, type PlanChannel, type PlanStep, type RenderFacts } from './types.js';

export interface PlanInput {
  /** In date order: ready issues, and the drafts and future-dated ones the run skips. */
  readonly candidates: readonly Candidate[];
  /** The selected channels in config order. */
  readonly channels: readonly PlanChannel[];
  readonly published: (issueId: string, channel: string) => PublishedRecord | undefined;
  readonly force: ReadonlySet<string>;
  /** Issue id → why errors block it on every channel. */
  readonly blocked: ReadonlyMap<string, string>;
  readonly renders: (channel: string, issueId: string) => RenderFacts | undefined;
  /** Release mode only: whether an issue is archive on a channel (archive-facts.ts). */
  readonly archive?: IsArchive;
}

/** Channels in the order they publish: by phase, config order within a phase. */
export function inPhaseOrder<C extends PlanChannel>(channels: readonly C[]): C[] {
  return channels.map((channel, index) => ({ channel, index }))
    .sort((a, b) => a.channel.phase - b.channel.phase || a.index - b.index)
    .map((entry) => entry.channel);
}

export function plan(input: PlanInput): Plan {
  const steps: PlanStep[] = [];
  // Issue id → the earlier-phase channel that holds it back, per phase boundary.
  const heldBack = new Map<string, { channel: string; phase: number }>();
  for (const channel of inPhaseOrder(input.channels)) {
    for (const candidate of input.candidates) {
      const { issue } = candidate;
      const holder = heldBack.get(issue.id);
      const archived = input.archive?.(issue, channel.name);
      const decision = decide(candidate, channel, {
        record: input.published(issue.id, channel.name),
        forced: input.force.has(channel.name),
        blocked: input.blocked.get(issue.id),
        render: input.renders(channel.name, issue.id),
        waitsFor: holder && holder.phase < channel.phase ? holder.channel : undefined,
        ...(archived ? { backlog: archived } : {}),
      });
      if (holdsBack(decision) && !heldBack.has(issue.id)) heldBack.set(issue.id, { channel: channel.name, phase: channel.phase });
      steps.push(decision === 'publish'
        ? { issue, channel, target: candidate.target, action: 'publish' }
        : { issue, channel, target: candidate.target, action: 'skip', reason: decision });
    }
  }
  return { steps };
}

/**
 * One line per issue × channel, issue by issue, channels in publishing order. What a
 * release leaves alone in bulk is one line per channel, first: the back issues (an
 * adopted newsletter's archive: hundreds of lines) and the issues the channel has
 * already published, naming the oldest and the newest of them.
 */
export function planLines(planned: Plan): string[] {
  const width = Math.max(9, ...planned.steps.map((s) => s.channel.name.length));
  const line = (channel: string, what: string, outcome: string) => `plan ${channel.padEnd(width)} ${what} ${outcome}`;
  // Per channel and kind: the steps a release leaves alone in bulk.
  const groups = new Map<string, { kind: 'backlog' | 'published'; steps: PlanStep[] }>();
  for (const step of planned.steps) {
    if (step.action !== 'skip') continue;
    const kind = step.reason.kind === 'backlog' ? 'backlog' : step.reason.kind === 'published' && !step.target ? 'published' : undefined;
    if (!kind) continue;
    const key = `${step.channel.name}\0${kind}`;
    const group = groups.get(key) ?? { kind, steps: [] };
    group.steps.push(step);
    groups.set(key, group);
  }
  const summary: string[] = [];
  const summarised = new Set<PlanStep>();
  for (const { kind, steps } of groups.values()) {
    const last = steps[steps.length - 1];
    // A group of one keeps its ordinary line.
    if (steps.length === 1 || last.action !== 'skip') continue;
    for (const step of steps) summarised.add(step);
    const span = `${steps.length} ${kind === 'backlog' ? 'back issues' : 'issues'}, ${steps[0].issue.key} … ${last.issue.key}`;
    summary.push(line(last.channel.name, span, `skip — ${describeSkip(last.reason, last.channel.name)}${kind === 'published' ? ' (the newest)' : ''}`));
  }
  const rest = planned.steps.filter((s) => !summarised.has(s));
  const issues = [...new Set(rest.map((s) => s.issue))];
  return [...summary, ...issues.flatMap((issue) => rest.filter((s) => s.issue === issue).map((s) =>
    line(s.channel.name, issue.key.padEnd(36), s.action === 'publish' ? 'publish' : `skip — ${describeSkip(s.reason, s.channel.name)}`)))];
}
