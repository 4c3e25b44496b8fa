// Rendering every selected channel for the target issues. Renders are pure:
// what they find (email-size, announcement-length) feeds the plan, and their
// payloads are what apply() sends.
import { createHash } from 'node:crypto';
import type { ChannelContext, RenderResult } from '../channel.js';
import { messageOf, type LoadedChannel } from '../channel-set.js';
import { hasErrors } from '../lint/index.js';
import type { Finding, Issue } from '../model.js';
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
}

export interface Renders {
  readonly rendered: Rendered[];
  readonly failures: RenderFailure[];
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
  const renderOrder = [...loaded].sort((a, b) => Number(a.channel.scope === 'site') - Number(b.channel.scope === 'site'));
  for (const item of renderOrder) {
    const blocked = input.live ? blockedIssues(targets, findings) : new Set<string>();
    const live = targets.filter((t) => !blocked.has(t.id));
    const ctx = input.contextFor(item, visible.filter((issue) => !blocked.has(issue.id)));
    const batches = item.channel.scope === 'site' ? (live.length > 0 ? [live] : []) : live.map((t) => [t]);
    for (const covers of batches) {
      const issue = covers[covers.length - 1];
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
  return { rendered, failures };
}

/** What the plan needs from the renders: per channel and issue, rendered (with its hash and own errors) or failed. */
export function renderFacts(renders: Renders): (channel: string, issueId: string) => RenderFacts | undefined {
  const facts = new Map<string, RenderFacts>();
  const key = (channel: string, issueId: string) => `${channel}\0${issueId}`;
  for (const r of renders.rendered) {
    const ownErrors = r.loaded.channel.scope === 'site'
      ? (r.result.findings ?? []).filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`)
      : [];
    for (const issue of r.covers) facts.set(key(r.loaded.channel.name, issue.id), { kind: 'rendered', payloadHash: r.payloadHash, ownErrors });
  }
  for (const f of renders.failures) for (const issue of f.covers) facts.set(key(f.loaded.channel.name, issue.id), { kind: 'failed', message: f.message });
  return (channel, issueId) => facts.get(key(channel, issueId));
}

function hashPayload(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload) ?? '').digest('hex');
}
