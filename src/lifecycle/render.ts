// Rendering every selected channel for the target issues. Renders are pure:
// what they find (email-size, announcement-length) feeds the plan, and their
// payloads are what apply() sends.
import { createHash } from 'node:crypto';
import type { ChannelContext, RenderResult } from '../channel.js';
import { messageOf, type LoadedChannel } from '../channel-set.js';
import { hasErrors } from '../lint/index.js';
import type { Finding, Issue } from '../model.js';
import type { ChannelSelection } from '../translations/hook.js';
import type { SettledSkip } from '../translations/ledger.js';
import type { RenderFacts } from './types.js';

export interface Rendered {
  readonly loaded: LoadedChannel;
  readonly issue: Issue;
  readonly result: RenderResult<unknown>;
  /** Site-scope renders cover every target issue at once. */
  readonly covers: readonly Issue[];
  readonly payloadHash: string;
}

export interface RenderFailure {
  readonly loaded: LoadedChannel;
  readonly covers: readonly Issue[];
  readonly message: string;
}

export interface RenderInput {
  readonly loaded: readonly LoadedChannel[];
  readonly targets: readonly Issue[];
  readonly visible: readonly Issue[];
  /** Lint findings so far; render findings are appended. */
  readonly findings: Finding[];
  /** A live run renders nothing for an issue with errors; a dry run renders everything for review. */
  readonly live: boolean;
  readonly contextFor: (item: LoadedChannel, archive: readonly Issue[]) => ChannelContext<unknown>;
  /** Which members of each translation set an issue channel renders, and why it skips the others (src/translations). */
  readonly select: (item: LoadedChannel, pending: readonly Issue[]) => ChannelSelection;
}

export interface TranslationSkip {
  readonly channel: string;
  readonly issue: Issue;
  readonly reason: string;
}

export interface Renders {
  readonly rendered: Rendered[];
  readonly failures: RenderFailure[];
  /** Members of a translation set a channel does not render, with the reason. */
  readonly translationSkips: TranslationSkip[];
  /** Of those, the ones the ledger records as handled by their set once a live run has applied the plan. */
  readonly settled: SettledSkip[];
}

/** Ids of the target issues whose findings hold an error: they go nowhere. */
export function blockedIssues(targets: readonly Issue[], findings: readonly Finding[]): Set<string> {
  return new Set(targets.filter((t) => hasErrors(findings.filter((f) => f.file === t.source))).map((t) => t.id));
}

/** Issue id → why its errors block it on every channel (NP303). */
export function blockReasons(targets: readonly Issue[], findings: readonly Finding[]): Map<string, string> {
  const blocked = blockedIssues(targets, findings);
  const reasons = new Map<string, string>();
  for (const issue of targets.filter((t) => blocked.has(t.id))) {
    const errors = findings.filter((f) => f.file === issue.source && f.severity === 'error');
    const rules = [...new Set(errors.map((f) => f.rule))].join(', ');
    reasons.set(issue.id, `NP303 ${errors.length} error${errors.length === 1 ? '' : 's'} (${rules}) ${errors.length === 1 ? 'blocks' : 'block'} every channel: run \`publish check\``);
  }
  return reasons;
}

/**
 * Renders every channel. In a live run an issue with errors goes nowhere: not
 * to subscribers, not into the feed. Issue channels render first because their
 * findings (email-size, announcement-length) can block an issue the site-wide
 * feed would otherwise list.
 */
export async function renderAll(input: RenderInput): Promise<Renders> {
  const { loaded, targets, visible, findings } = input;
  const rendered: Rendered[] = [];
  const failures: RenderFailure[] = [];
  const translationSkips: TranslationSkip[] = [];
  const settled: SettledSkip[] = [];
  const renderOrder = [...loaded].sort((a, b) => Number(a.channel.scope === 'site') - Number(b.channel.scope === 'site'));
  for (const item of renderOrder) {
    const blocked = input.live ? blockedIssues(targets, findings) : new Set<string>();
    const live = targets.filter((t) => !blocked.has(t.id));
    const ctx = input.contextFor(item, visible.filter((issue) => !blocked.has(issue.id)));
    const selection = item.channel.scope === 'site'
      ? { batches: live.length > 0 ? [{ issue: live[live.length - 1], covers: live }] : [], skipped: [], settled: [] }
      : input.select(item, live);
    for (const skip of selection.skipped) translationSkips.push({ channel: item.channel.name, issue: skip.issue, reason: skip.reason });
    settled.push(...selection.settled);
    for (const { issue, covers } of selection.batches) {
      try {
        const result = await item.channel.render(issue, ctx);
        rendered.push({ loaded: item, issue, result, covers, payloadHash: hashPayload(result.payload) });
        findings.push(...(result.findings ?? []));
      } catch (error) {
        failures.push({ loaded: item, covers, message: messageOf(error) });
      }
    }
  }
  // Publish (and report) in config order; apply() then orders by phase.
  rendered.sort((a, b) => loaded.indexOf(a.loaded) - loaded.indexOf(b.loaded));
  return { rendered, failures, translationSkips, settled };
}

/** What the plan needs from the renders: per channel and issue, rendered (with its hash and own errors) or failed. */
export function renderFacts(renders: Renders): (channel: string, issueId: string) => RenderFacts | undefined {
  const facts = new Map<string, RenderFacts>();
  const key = (channel: string, issueId: string) => `${channel}\0${issueId}`;
  for (const r of renders.rendered) {
    const ownErrors = r.loaded.channel.scope === 'site'
      ? (r.result.findings ?? []).filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`)
      : [];
    // A render that stands for several issues (a feed, a translation set) has a payload of all of them:
    // its hash changes when another member joins, which is not an edit of this issue.
    const shared = r.covers.length > 1 || r.covers[0]?.id !== r.issue.id;
    for (const issue of r.covers) facts.set(key(r.loaded.channel.name, issue.id), { kind: 'rendered', payloadHash: r.payloadHash, ownErrors, shared });
  }
  for (const f of renders.failures) for (const issue of f.covers) facts.set(key(f.loaded.channel.name, issue.id), { kind: 'failed', message: f.message });
  for (const t of renders.translationSkips) facts.set(key(t.channel, t.issue.id), { kind: 'translation', reason: t.reason });
  return (channel, issueId) => facts.get(key(channel, issueId));
}

function hashPayload(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload) ?? '').digest('hex');
}
