// The one place that runs the lifecycle (semantic-release style, as data):
//   load → lint → options + verify (+ probe) every channel → render → plan → apply.
// Dry run is decided here and only here: it prints the plan and writes out/
// instead of applying it. Channels never learn which kind of run they are in.
// The steps live in src/lifecycle/: candidates, render, plan (pure), apply.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ChannelContext, Env } from './channel.js';
import { channelContext, checkChannels, loadChannels, problemsError, type ChannelProblem, type LoadedChannel, type RunScope } from './channel-set.js';
import { loadConfig, type Config } from './config.js';
import { assertChannelConfig } from './channel-config.js';
import { byDate, checkFile, isReady, loadContent, requireIssueFiles, type ContentEntry } from './content.js';
import { assertNoLeakyDebug } from './debug-guard.js';
import { PublishError } from './errors.js';
import { applyRuleSettings, hasErrors, sortFindings } from './lint/index.js';
import { idChanges } from './lint/id-changed.js';
import { Ledger } from './ledger.js';
import { apply, type Outcome } from './lifecycle/apply.js';
import { archiveFacts } from './lifecycle/archive-facts.js';
import { selectCandidates } from './lifecycle/candidates.js';
import { plan, planLines } from './lifecycle/plan.js';
import { blockReasons, renderAll, renderFacts } from './lifecycle/render.js';
import { renderOutcomes, reportWaiting } from './lifecycle/report.js';
import type { Plan } from './lifecycle/types.js';
import { acquireLock } from './lock.js';
import { createLogger, type Logger, type Writable } from './log.js';
import type { Finding, Issue } from './model.js';
import type { DryRunReview } from './manifest.js';
import { writeDryRun, type ChannelArtifacts } from './output.js';
import { createRedactor } from './redact.js';
import { translationSelector } from './translations/hook.js';
import { recordSettled } from './translations/ledger.js';

export type { Outcome, OutcomeStatus } from './lifecycle/apply.js';

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
  /** Release mode: every new ready issue not complete in the ledger (back issues are archive: lifecycle/archive-facts.ts). */
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
  /**
   * Asked once before a live run sends anything, after the plan and every finding are known; false stops
   * the run. `plan` is the lifecycle plan (one line per issue × channel) and then what each channel will send.
   */
  readonly confirm?: (plan: readonly string[], findings: readonly Finding[]) => Promise<boolean>;
}

export interface RunResult {
  readonly outcomes: Outcome[];
  readonly findings: Finding[];
  readonly problems: ChannelProblem[];
  readonly outDir?: string;
  /** A dry run's manifest, the channels' review cards and their context: what the review page is drawn from. */
  readonly review?: DryRunReview;
  readonly ok: boolean;
  /** The live run was not confirmed: nothing was sent. */
  readonly declined?: boolean;
  /** What the run decided for every issue × channel (absent when nothing was rendered). */
  readonly plan?: Plan;
  /** The run stopped at once (state could not be written): printed after the outcomes. */
  readonly stopped?: PublishError;
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

  const names = selectChannels(options, config);
  const force = new Set(options.force ?? []);
  const forced = force.size > 0;
  // A release sends what is new: back issues are archive (archive-facts.ts), sent only when named.
  const isArchive = options.release ? archiveFacts(archive, ledger, config.site.language, (issue) => isReady(issue, now)) : undefined;
  const candidates = selectCandidates({
    archive, named: named.flatMap((e) => (e.issue ? [e.issue.source] : [])), filesNamed: (options.files ?? []).length > 0,
    release: Boolean(options.release), dryRun: options.dryRun, only: options.only, now,
    pending: (issue) => names.some((n) => (force.has(n) || !ledger.published(issue.id, n)) && !isArchive?.(issue, n)),
  });
  reportWaiting({ filesNamed: (options.files ?? []).length > 0, release: Boolean(options.release), dryRun: options.dryRun, forced, archive, candidates, names, ledger, now }, log);
  const targets = candidates.filter((c) => c.target).map((c) => c.issue);
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

  const select = translationSelector(config, ledger, visible);
  const renders = await renderAll({ loaded, targets, visible, findings, live: !options.dryRun, contextFor, select });
  const allFindings = sortFindings(applyRuleSettings(dedupe(findings), config.lint));
  const planned = plan({
    candidates, channels: loaded.map((l) => l.channel), published: (id, channel) => ledger.published(id, channel),
    force, blocked: blockReasons(targets, findings), renders: renderFacts(renders),
    ...(isArchive ? { archive: isArchive } : {}),
  });
  const lines = planLines(planned);

  if (options.dryRun) {
    const outDir = path.resolve(options.cwd, options.outDir ?? 'out');
    const byChannel: ChannelArtifacts[] = renders.rendered.map((r) => ({ channel: r.loaded.channel.name, artifacts: r.result.artifacts }));
    const context = { targets, archive, ledger, config };
    const manifest = writeDryRun(outDir, byChannel, allFindings, context);
    const cards = renders.rendered.flatMap((r) => (r.result.cards ?? []).map((card) => ({ channel: r.loaded.channel.name, card })));
    for (const line of lines) log.info(line);
    const outcomes: Outcome[] = [...unparsed, ...renderOutcomes(renders, options.cwd, outDir)];
    for (const r of renders.rendered) for (const line of r.result.plan ?? []) log.info(channelLine(r.loaded.channel.name, line));
    // Everything is rendered for review, but errors (lint, email-size,
    // announcement-length) still fail the run: a pull request's dry run is its gate.
    // `--probe` asks for the live run's checks: a problem they find fails the dry run (exit 1),
    // so a gate that runs it stops on a bad key or login. Without it, missing secrets stay warnings.
    const probeFailed = Boolean(options.probe) && problems.length > 0;
    return { outcomes, findings: allFindings, problems, outDir, plan: planned, review: { outDir, manifest, cards, context }, ok: !probeFailed && !outcomes.some((o) => o.status === 'failed') && !hasErrors(allFindings) };
  }

  // What each channel will send, for the channels that send something.
  const sending = renders.rendered.filter((r) => planned.steps.some((s) => s.action === 'publish' && s.channel.name === r.loaded.channel.name && r.covers.includes(s.issue)));
  const details = sending.flatMap((r) => (r.result.plan ?? []).map((line) => channelLine(r.loaded.channel.name, line)));
  // Nothing to confirm when the plan sends nothing (every step a skip).
  if (options.confirm && planned.steps.some((s) => s.action === 'publish')) {
    if (!(await options.confirm([...lines, ...details], allFindings))) return { outcomes: [], findings: allFindings, problems, plan: planned, ok: false, declined: true };
  } else {
    for (const line of lines) log.info(line);
  }
  const applied = await apply(planned, { rendered: renders.rendered, ledger, contextFor, redact: log.redact, signal: options.signal });
  const outcomes = [...unparsed, ...applied.outcomes];
  // Members a channel skips because their set is handled otherwise: recorded, so no release picks them again.
  if (!applied.stopped) {
    const blocked = blockReasons(targets, findings);
    recordSettled(ledger, renders.settled.filter((s) => !blocked.has(s.issue.id)), new Date().toISOString());
  }
  return { outcomes, findings: allFindings, problems, plan: planned, ok: !applied.stopped && !outcomes.some((o) => o.status === 'failed' || o.status === 'blocked'), stopped: applied.stopped };
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

/** Channels write their plan lines without their name; the lifecycle says which channel speaks. */
function channelLine(channel: string, line: string): string {
  return `${channel}: ${line}`;
}
