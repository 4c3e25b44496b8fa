// The one place that knows the lifecycle (semantic-release style, as data):
//   load → lint → options + verify (+ probe) every channel → render → publish.
// Dry run is decided here and only here: it stops after render and writes
// out/. Channels never learn which kind of run they are in.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AnyChannel, ChannelContext, Env, RenderResult } from './channel.js';
import { channelContext, checkChannels, loadChannels, messageOf, problemsError, type ChannelProblem, type LoadedChannel, type RunScope } from './channel-set.js';
import { loadConfig, type Config } from './config.js';
import { assertChannelConfig } from './channel-config.js';
import { byDate, checkFile, isReady, loadContent, requireIssueFiles, type ContentEntry } from './content.js';
import { assertNoLeakyDebug } from './debug-guard.js';
import { PublishError, catalogue, isPublishError } from './errors.js';
import { applyRuleSettings, hasErrors, sortFindings } from './lint/index.js';
import { idChanges } from './lint/id-changed.js';
import { Ledger } from './ledger.js';
import { acquireLock } from './lock.js';
import { createLogger, type Logger, type Writable } from './log.js';
import type { Finding, Issue } from './model.js';
import { writeDryRun, type ChannelArtifacts } from './output.js';
import { createRedactor, redactDeep, type Redactor } from './redact.js';
import { translationSelector } from './translations/hook.js';
import { recordSettled, type SettledSkip } from './translations/ledger.js';

export interface RunOptions {
  readonly cwd: string;
  readonly env: Env;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly configFile?: string;
  /** Issue files named on the command line; none means the newest ready issue (or, in release mode, all). */
  readonly files?: readonly string[];
  /** `--channel`; none means every configured channel, in config order. */
  readonly channels?: readonly string[];
  readonly dryRun: boolean;
  /** Release mode: every ready issue not complete in the ledger. */
  readonly release?: boolean;
  /** Limit release mode to these source files (from `--since REF`). */
  readonly only?: readonly string[];
  /** Run the channels' remote read-only checks in a dry run too. */
  readonly probe?: boolean;
  readonly outDir?: string;
  /** Channels to publish again even though the ledger has them. */
  readonly force?: readonly string[];
  /** For "is it dated in the future" only; never written into output. */
  readonly now?: Date;
  readonly signal?: AbortSignal;
  /** Asked once before a live run sends anything, after the plan and every finding are known; false stops the run. */
  readonly confirm?: (plan: readonly string[], findings: readonly Finding[]) => Promise<boolean>;
}

export type OutcomeStatus = 'published' | 'rendered' | 'skipped' | 'failed' | 'blocked';

export interface Outcome {
  readonly issue: string | null;
  readonly channel: string;
  readonly status: OutcomeStatus;
  readonly detail: string;
}

export interface RunResult {
  readonly outcomes: Outcome[];
  readonly findings: Finding[];
  readonly problems: ChannelProblem[];
  readonly outDir?: string;
  readonly ok: boolean;
  /** The live run was not confirmed: nothing was sent. */
  readonly declined?: boolean;
  /** The run stopped at once (state could not be written): printed after the outcomes. */
  readonly stopped?: PublishError;
}

interface Rendered {
  readonly loaded: LoadedChannel;
  readonly issue: Issue;
  readonly result: RenderResult<unknown>;
  /** Site-scope renders cover every target issue at once. */
  readonly covers: readonly Issue[];
}

export async function run(options: RunOptions): Promise<RunResult> {
  const redact = createRedactor(options.env);
  const log = createLogger(options.stdout, options.stderr, redact);
  const config = loadConfig(options.cwd, options.configFile);
  // Everything that can be wrong in the command or the config stops here, before
  // any channel loads, in dry runs too: a typo never passes review.
  requireIssueFiles(options.cwd, options.files ?? []);
  await assertChannelConfig(config, options.env);
  if (!options.dryRun) assertNoLeakyDebug(options.env);
  const now = options.now ?? new Date();
  const signal = options.signal ?? new AbortController().signal;
  const lock = options.dryRun ? undefined : acquireLock(config.stateDir);
  try {
    return await runLocked(options, config, log, now, signal);
  } finally {
    lock?.release();
  }
}

async function runLocked(options: RunOptions, config: Config, log: Logger, now: Date, signal: AbortSignal): Promise<RunResult> {
  const ledger = Ledger.load(config.ledger);
  const content = loadContent(config, config.root);
  const findings: Finding[] = [];
  const pinnedAt = now.toISOString();

  // Files named explicitly may live outside the content folder (a seed, a PR's file).
  // A named file of the content folder is its loaded entry (with its translation set's findings and title).
  const loadedEntry = (file: string) => content.entries.find((e) => e.file === path.relative(config.root, file));
  const named = (options.files ?? []).map((file) => loadedEntry(path.resolve(options.cwd, file)) ?? checkFile(path.resolve(options.cwd, file), config, config.root));
  for (const entry of named) if (!entry.issue) findings.push(...entry.findings);
  const unparsed: Outcome[] = named.filter((e) => !e.issue).map((e) => ({ issue: e.file, channel: '(all)', status: 'blocked', detail: 'the file cannot be parsed as an issue: run `publish check` on it' }));
  const parsedIds = new Map<string, string>();
  const sourceExists = (source: string) => existsSync(path.resolve(config.root, source));
  const archive = mergeArchive(content.issues, named.flatMap((e) => (e.issue ? [e.issue] : [])))
    .map((issue) => {
      parsedIds.set(issue.source, issue.id);
      return ledger.pinIssue(issue, pinnedAt, sourceExists);
    });
  const entryBySource = new Map<string, ContentEntry>();
  for (const entry of [...content.entries, ...named]) entryBySource.set(entry.file, entry);

  const targets = selectTargets(options, archive, named.flatMap((e) => (e.issue ? [e.issue.source] : [])), ledger, config, now, log);
  if (named.length > 0 && targets.length === 0) {
    // Only the named files are ever published: none is publishable, so nothing is (never the newest issue instead).
    return { outcomes: unparsed, findings: sortFindings(dedupe(findings)), problems: [], ok: unparsed.length === 0 && !hasErrors(findings) };
  }
  // A file that did not parse (alias bomb, FIFO, 50 MB) is reported, never published; the other issues still go out.
  if (options.release) for (const entry of content.entries) if (!entry.issue) findings.push(...entry.findings);
  if (targets.length === 0 && findings.length === 0) {
    if (!options.release && archive.length === 0) throw new PublishError('NP301', `no issue in ${path.relative(options.cwd, config.content) || config.content}${existsSync(config.content) ? '' : ' (the folder does not exist)'}`);
    // Nothing to do: no channel is loaded, verified or probed (a merge that only touched a draft).
    log.info(options.release ? 'release: nothing to publish (every ready issue is complete in the ledger)' : 'nothing to publish: no issue is ready yet');
    return { outcomes: [], findings: [], problems: [], ok: true };
  }
  for (const issue of targets) {
    findings.push(...(entryBySource.get(issue.source)?.findings ?? []), ...idChanges(issue, parsedIds.get(issue.source), ledger, config));
  }

  const names = selectChannels(options, config);
  const { loaded, problems } = await loadChannels(config, names, options.env);
  // Channels see what readers may see: ready issues, plus those being released
  // (a draft named in a dry run). Future-dated and draft issues never reach a feed.
  const targetIds = new Set(targets.map((t) => t.id));
  const visible = archive.filter((issue) => isReady(issue, now) || targetIds.has(issue.id));
  const scope: RunScope = { config, env: options.env, cwd: options.cwd, log, ledger, stderr: options.stderr, signal };
  const contextFor = (item: LoadedChannel, channelArchive: readonly Issue[] = visible): ChannelContext<unknown> =>
    channelContext(scope, item.channel.name, item.options, channelArchive, item.env);
  problems.push(...(await checkChannels(loaded, contextFor, !options.dryRun || Boolean(options.probe))));

  if (problems.length > 0 && !options.dryRun) throw problemsError(problems);
  for (const p of problems) log.warn(`${p.channel} (${p.step}): ${p.message} — a live run would stop here`);

  const outcomes: Outcome[] = [...unparsed];
  const select = translationSelector(config, ledger, visible);
  const { rendered, blocked, settled } = await renderPhase({ loaded, targets, visible, findings, outcomes, live: !options.dryRun, contextFor, select });
  const allFindings = sortFindings(applyRuleSettings(dedupe(findings), config.lint));

  if (options.dryRun) {
    const outDir = path.resolve(options.cwd, options.outDir ?? 'out');
    const byChannel: ChannelArtifacts[] = rendered.map((r) => ({ channel: r.loaded.channel.name, artifacts: r.result.artifacts }));
    writeDryRun(outDir, byChannel, allFindings, { targets, archive, ledger, config });
    for (const r of rendered) {
      for (const line of r.result.plan ?? []) log.info(planLine(r.loaded.channel.name, line));
      outcomes.push({ issue: r.loaded.channel.scope === 'site' ? null : r.issue.key, channel: r.loaded.channel.name, status: 'rendered', detail: `${r.result.artifacts.length} file${r.result.artifacts.length === 1 ? '' : 's'} in ${path.relative(options.cwd, outDir) || outDir}` });
    }
    // Everything is rendered for review, but errors (lint, email-size,
    // announcement-length) still fail the run: a pull request's dry run is its gate.
    // `--probe` asks for the live run's checks: a problem they find fails the dry run (exit 1),
    // so a gate that runs it stops on a bad key or login. Without it, missing secrets stay warnings.
    const probeFailed = Boolean(options.probe) && problems.length > 0;
    return { outcomes, findings: allFindings, problems, outDir, ok: !probeFailed && !outcomes.some((o) => o.status === 'failed') && !hasErrors(allFindings) };
  }

  const plan = rendered.flatMap((r) => (r.result.plan ?? []).map((line) => planLine(r.loaded.channel.name, line)));
  if (options.confirm && rendered.length > 0 && !(await options.confirm(plan, allFindings))) {
    return { outcomes: [], findings: allFindings, problems, ok: false, declined: true };
  }
  for (const issue of targets.filter((t) => blocked.has(t.id))) {
    for (const item of loaded) outcomes.push({ issue: issue.key, channel: item.channel.name, status: 'blocked', detail: 'errors in this issue block every channel: run `publish check`' });
  }
  const published = await publishAll(rendered, blocked, ledger, options, contextFor, log.redact);
  outcomes.push(...published.outcomes);
  // Members a channel skips because their set is handled otherwise: recorded, so no release picks them again.
  if (!published.stopped) recordSettled(ledger, settled.filter((s) => !blocked.has(s.issue.id)), new Date().toISOString());
  return { outcomes, findings: allFindings, problems, ok: !published.stopped && !outcomes.some((o) => o.status === 'failed' || o.status === 'blocked'), stopped: published.stopped };
}

interface RenderPhase {
  readonly loaded: readonly LoadedChannel[];
  readonly targets: readonly Issue[];
  readonly visible: readonly Issue[];
  /** Lint findings so far; render findings are appended. */
  readonly findings: Finding[];
  readonly outcomes: Outcome[];
  readonly live: boolean;
  readonly contextFor: (item: LoadedChannel, archive: readonly Issue[]) => ChannelContext<unknown>;
  /** Which members of each translation set a channel renders, and which it skips (src/translations). */
  readonly select: ReturnType<typeof translationSelector>;
}

/**
 * Renders every channel. In a live run an issue with errors goes nowhere: not
 * to subscribers, not into the feed. Issue channels render first because their
 * findings (email-size, announcement-length) can block an issue the site-wide
 * feed would otherwise list.
 */
async function renderPhase(phase: RenderPhase): Promise<{ rendered: Rendered[]; blocked: Set<string>; settled: SettledSkip[] }> {
  const { loaded, targets, visible, findings, outcomes } = phase;
  const rendered: Rendered[] = [];
  const settled: SettledSkip[] = [];
  const blocked = new Set<string>();
  const updateBlocked = (): void => {
    if (!phase.live) return;
    for (const t of targets) if (hasErrors(findings.filter((f) => f.file === t.source))) blocked.add(t.id);
  };
  updateBlocked();
  const renderOrder = [...loaded].sort((a, b) => Number(a.channel.scope === 'site') - Number(b.channel.scope === 'site'));
  for (const item of renderOrder) {
    if (item.channel.scope === 'site') updateBlocked();
    const live = targets.filter((t) => !blocked.has(t.id));
    const ctx = phase.contextFor(item, visible.filter((issue) => !blocked.has(issue.id)));
    const selection = item.channel.scope === 'site' ? { batches: live.length > 0 ? [{ issue: live[live.length - 1], covers: live }] : [], skipped: [], settled: [] } : phase.select(item, live);
    for (const skip of selection.skipped) outcomes.push({ issue: skip.issue.key, channel: item.channel.name, status: 'skipped', detail: skip.reason });
    settled.push(...selection.settled);
    for (const { issue, covers } of selection.batches) {
      try {
        const result = await item.channel.render(issue, ctx);
        rendered.push({ loaded: item, issue, result, covers });
        findings.push(...(result.findings ?? []));
      } catch (error) {
        outcomes.push({ issue: item.channel.scope === 'site' ? null : issue.key, channel: item.channel.name, status: 'failed', detail: `render failed: ${messageOf(error)}` });
      }
    }
  }
  updateBlocked();
  // Publish (and report) in config order: feed first, so links resolve.
  rendered.sort((a, b) => loaded.indexOf(a.loaded) - loaded.indexOf(b.loaded));
  return { rendered, blocked, settled };
}

interface Published {
  readonly outcomes: Outcome[];
  /** Set when state could not be written: nothing after it was attempted. */
  readonly stopped?: PublishError;
}

async function publishAll(
  rendered: readonly Rendered[], blocked: ReadonlySet<string>, ledger: Ledger,
  options: RunOptions, contextFor: (item: LoadedChannel) => ChannelContext<unknown>, redact: Redactor,
): Promise<Published> {
  const outcomes: Outcome[] = [];
  const feedFailed = new Set<string>();
  const force = new Set(options.force ?? []);
  let stopped: PublishError | undefined;
  for (const r of rendered) {
    const channel = r.loaded.channel;
    const covers = r.covers.filter((issue) => !blocked.has(issue.id));
    const key = channel.scope === 'site' ? null : r.issue.key;
    if (stopped) {
      if (covers.length > 0) outcomes.push({ issue: key, channel: channel.name, status: 'skipped', detail: `not started: ${stopped.code} (state cannot be written)` });
      continue;
    }
    // A site-wide render (the feed) covers older issues too: its own errors block it
    // even when they are about an issue that is not being released.
    const ownErrors = (r.result.findings ?? []).filter((f) => f.severity === 'error');
    if (channel.scope === 'site' && ownErrors.length > 0) {
      for (const issue of covers) feedFailed.add(issue.id);
      outcomes.push({ issue: key, channel: channel.name, status: 'blocked', detail: `${ownErrors.length} ${ownErrors[0].rule} error${ownErrors.length === 1 ? '' : 's'} in its render: ${ownErrors[0].message}` });
      continue;
    }
    if (covers.length === 0) continue;
    if (options.signal?.aborted) {
      outcomes.push({ issue: key, channel: channel.name, status: 'skipped', detail: 'interrupted' });
      continue;
    }
    if (channel.name !== 'feed' && covers.every((i) => feedFailed.has(i.id))) {
      outcomes.push({ issue: key, channel: channel.name, status: 'skipped', detail: 'the feed failed, so the issue link is not live yet' });
      continue;
    }
    const payloadHash = hashPayload(r.result.payload);
    const pending = covers.filter((issue) => {
      const record = ledger.published(issue.id, channel.name);
      if (!record || force.has(channel.name)) return true;
      if (channel.scope === 'issue' && record.payloadHash !== payloadHash) {
        outcomes.push({ issue: issue.key, channel: channel.name, status: 'skipped', detail: `already published ${record.at}, but the issue changed since (NP501): re-publish deliberately with --force ${channel.name}` });
      } else {
        outcomes.push({ issue: issue.key, channel: channel.name, status: 'skipped', detail: `already published ${record.at}` });
      }
      return false;
    });
    if (pending.length === 0) continue;
    let receipt: unknown;
    try {
      receipt = await channel.publish(r.result.payload, contextFor(r.loaded));
    } catch (error) {
      if (channel.name === 'feed') for (const issue of pending) feedFailed.add(issue.id);
      // A channel that could not write its own state (the email journal) stops the run like the ledger does.
      if (isPublishError(error) && error.code === 'NP602') stopped = error;
      outcomes.push({ issue: key, channel: channel.name, status: 'failed', detail: failureDetail(channel.name, error) });
      continue;
    }
    // Receipts hold server replies, which may echo a secret: redacted before they reach the committed ledger.
    const stored = redactDeep(receipt, redact);
    try {
      const at = new Date().toISOString();
      for (const issue of pending) ledger.record(issue.id, channel.name, { at, payloadHash, sourceHash: issue.sourceHash, receipt: stored });
      outcomes.push({ issue: key, channel: channel.name, status: 'published', detail: describeReceipt(stored) });
    } catch (error) {
      // Published, but not recorded: never reported as failed (a re-run must not look like a retry).
      stopped = isPublishError(error) ? error : new PublishError('NP602', messageOf(error));
      outcomes.push({ issue: key, channel: channel.name, status: 'published', detail: `${describeReceipt(stored)}; NOT recorded in the ledger (${stopped.code}): the next run relies on ${channel.name === 'email' ? 'the journal' : 'the platform\'s duplicate check'} not to repeat it` });
    }
  }
  return { outcomes, stopped };
}

/** What failed and what to do, without repeating the channel name the outcome line already shows. */
function failureDetail(channel: string, error: unknown): string {
  const strip = (text: string) => text.replace(new RegExp(`^${channel}: `), '');
  if (!isPublishError(error)) return strip(messageOf(error));
  return [`${error.code} ${strip(error.message)}`, ...error.details.map(strip), `what to do: ${catalogue[error.code].hint}`].join('; ');
}

function selectTargets(options: RunOptions, archive: readonly Issue[], namedSources: readonly string[], ledger: Ledger, config: Config, now: Date, log: Logger): Issue[] {
  // Files named on the command line are the only candidates, even when none of them parsed.
  if ((options.files ?? []).length > 0) {
    const picked = archive.filter((i) => namedSources.includes(i.source));
    if (options.dryRun) return picked;
    return picked.filter((issue) => {
      if (issue.draft) log.info(`${issue.source}: skipped, it is a draft`);
      else if (!isReady(issue, now)) log.info(`${issue.source}: skipped, dated in the future (${issue.date})`);
      return isReady(issue, now);
    });
  }
  const ready = archive.filter((issue) => isReady(issue, now));
  // A release, or a run that finds nothing ready (a new newsletter's first draft), says why each issue waits.
  if (options.release || ready.length === 0) {
    for (const issue of archive.filter((i) => !isReady(i, now))) log.info(`${issue.source}: skipped, ${issue.draft ? 'it is a draft' : `dated in the future (${issue.date})`}`);
  }
  if (options.release) {
    const names = selectChannels(options, config);
    const forced = (options.force ?? []).length > 0;
    return ready.filter((issue) => {
      if (options.only && !options.only.includes(issue.source)) return false;
      if (forced || names.some((n) => !ledger.published(issue.id, n))) return true;
      const edited = names.filter((n) => {
        const hash = ledger.published(issue.id, n)?.sourceHash;
        return hash !== undefined && hash !== issue.sourceHash;
      });
      if (edited.length > 0) {
        log.warn(`${issue.source} changed after it was published (NP501): not sent again on ${edited.join(', ')}; use --force CHANNEL to re-publish deliberately`);
      }
      return false;
    });
  }
  const newest = ready[ready.length - 1];
  return newest ? [newest] : [];
}

function selectChannels(options: RunOptions, config: Config): string[] {
  const configured = config.channels.map((c) => c.name);
  const wanted = options.channels ?? [];
  for (const name of wanted) {
    if (!configured.includes(name)) throw new PublishError('NP203', `"${name}" is not a configured channel (configured: ${configured.join(', ') || 'none'})`);
  }
  return wanted.length > 0 ? configured.filter((n) => wanted.includes(n)) : configured;
}

function mergeArchive(content: readonly Issue[], named: readonly Issue[]): Issue[] {
  const bySource = new Map<string, Issue>();
  for (const issue of [...content, ...named]) bySource.set(issue.source, issue);
  return [...bySource.values()].sort(byDate);
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    // id-changed is checked by the core (pins) and by the feed (its receipts): one report per file is enough.
    const key = f.rule === 'id-changed' ? `${f.file}\0${f.rule}` : `${f.file}\0${f.line}\0${f.rule}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Channels write plan lines without their name; the lifecycle says which channel speaks. */
function planLine(channel: string, line: string): string {
  return `${channel}: ${line}`;
}

export function hashPayload(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload) ?? '').digest('hex');
}

/** One readable line from a receipt: counts and URLs, nested counts summed (never `[object Object]`). */
function describeReceipt(receipt: unknown): string {
  if (receipt && typeof receipt === 'object') {
    const r = receipt as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of ['url', 'sent', 'failed', 'skipped', 'files', 'duplicate']) {
      const value = r[key];
      if (value === undefined || value === false) continue;
      parts.push(value === true ? key : `${key} ${describeValue(value)}`);
    }
    if (parts.length > 0) return parts.join(', ');
  }
  return 'done';
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return String(value.length);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => typeof v === 'number' && v > 0);
    return entries.length === 0 ? '0' : entries.map(([k, v]) => `${String(v)} ${k}`).join(', ');
  }
  return String(value);
}

export type { AnyChannel };
