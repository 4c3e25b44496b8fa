// The CLI is a thin shell over library functions: it parses arguments, calls
// check()/run(), prints, and returns an exit code. Expected errors are thrown
// as PublishError and turned into messages by the bin, never stack traces.
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { channelNames } from '../../channels/index.js';
import { PublishError, formatError } from '../errors.js';
import { createLogger } from '../log.js';
import { findPackageRoot } from '../package-root.js';
import { createRedactor } from '../redact.js';
import type { Finding } from '../model.js';
import type { RunResult } from '../release.js';
import { parseCliArgs, type Args } from './args.js';
import type { CliIo } from './io.js';
import { formatFinding, formatOutcome, summariseFindings } from './format.js';
// Commands load their modules on demand: `--help` must not pay for marked or the config loader.
import { HELP } from './help.js';


export async function main(io: CliIo): Promise<number> {
  // init has flags of its own (--url, --title …): it parses them itself.
  if (io.argv[0] === 'init') return (await import('./init.js')).runInit(io.argv.slice(1), io);
  const args = parseCliArgs(io.argv);
  const log = createLogger(io.stdout, io.stderr, createRedactor(io.env));
  switch (args.command) {
    case 'help':
      io.stdout.write(HELP.replace('${channels}', channelNames.join(', ')));
      return 0;
    case 'version':
      io.stdout.write(`${version()}\n`);
      return 0;
    case 'check':
      return runCheck(args, io, log);
    case 'preview': {
      const { startPreview } = await import('../preview/server.js');
      await startPreview({ cwd: io.cwd, env: io.env, stdout: io.stdout, stderr: io.stderr, configFile: args.config, file: args.files[0], port: args.port, signal: io.signal });
      return 0;
    }
    case 'serve':
    case 'subscribers':
    case 'bounces': {
      const { runSubscriptionCommand } = await import('../subscriptions/commands.js');
      return runSubscriptionCommand(args, io);
    }
    case 'release':
    case 'publish':
      if (args.to) return sendTest(args, io);
      return runPublish(args, io, log);
  }
}

async function runCheck(args: Args, io: CliIo, log: ReturnType<typeof createLogger>): Promise<number> {
  const { check } = await import('../check.js');
  const { loadConfig } = await import('../config.js');
  const { assertChannelConfig } = await import('../channel-config.js');
  // The channels: section is config too: a typo in it fails `check` (exit 2), not the live run.
  await assertChannelConfig(loadConfig(io.cwd, args.config), io.env);
  const result = check({ cwd: io.cwd, configFile: args.config, files: args.files, all: args.all });
  if (args.json) {
    io.stdout.write(log.redact(JSON.stringify(result, null, 2)) + '\n');
  } else {
    for (const finding of result.findings) log.info(formatFinding(finding));
    log.info(`checked ${result.files.length} file${result.files.length === 1 ? '' : 's'}: ${summariseFindings(result.findings)}`);
  }
  return result.ok ? 0 : 1;
}

async function runPublish(args: Args, io: CliIo, log: ReturnType<typeof createLogger>): Promise<number> {
  const inCi = Boolean(io.env.CI);
  const only = args.since ? await changedFiles(io.cwd, args.since, args.config) : undefined;
  const { run } = await import('../release.js');
  // Findings go out once: before the prompt when there is one, else after the run.
  let findingsShown = false;
  const showFindings = (findings: readonly Finding[]): void => {
    findingsShown = true;
    for (const finding of findings) log.info(formatFinding(finding));
    if (findings.length > 0) log.info(`lint: ${summariseFindings(findings)}`);
  };
  const result: RunResult = await run({
    cwd: io.cwd, env: io.env, stdout: io.stdout, stderr: io.stderr, configFile: args.config,
    files: args.files, channels: args.channels, dryRun: args.dryRun, release: args.command === 'release', only,
    probe: args.probe, outDir: args.out, force: args.force, signal: io.signal,
    confirm: args.yes || inCi ? undefined : (plan, findings) => confirm(plan, io, () => showFindings(findings)),
  });
  // The dry run returns what the review page is drawn from; the CLI is the caller that wants out/index.html.
  if (result.review) (await import('../preview/static-page.js')).writeReviewPage(result.review);
  if (!findingsShown) showFindings(result.findings);
  if (result.declined) {
    log.info('not confirmed: nothing was sent');
    return 1;
  }
  const width = Math.max(9, ...result.outcomes.map((o) => o.channel.length));
  for (const outcome of result.outcomes) log.info(formatOutcome(outcome, width));
  if (result.stopped) log.error(formatError(result.stopped));
  if (io.env.GITHUB_STEP_SUMMARY) writeStepSummary(io.env.GITHUB_STEP_SUMMARY, result, args.dryRun, log.redact);
  if (result.outDir) {
    const out = path.relative(io.cwd, result.outDir) || result.outDir;
    log.info(`dry run: nothing was sent; review ${out}/index.html (every channel on one page) and ${out}/manifest.json`);
  }
  return result.ok ? 0 : 1;
}

/** GitHub Actions shows this Markdown on the run's page: one row per channel and issue. */
function writeStepSummary(file: string, result: RunResult, dryRun: boolean, redact: (s: string) => string): void {
  const rows = result.outcomes.map((o) => `| ${o.status} | ${o.channel} | ${o.issue ?? '(site)'} | ${o.detail.replaceAll('|', '\\|')} |`);
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const text = [
    `### Newsletter ${dryRun ? 'dry run' : 'release'}: ${result.ok ? 'done' : 'problems'}`,
    '',
    rows.length > 0 ? '| status | channel | issue | detail |\n|---|---|---|---|\n' + rows.join('\n') : 'Nothing to publish.',
    '',
    `Lint: ${summariseFindings(result.findings)}${errors > 0 ? ' (errors block publishing)' : ''}.`,
    '',
  ].join('\n');
  appendFileSync(file, redact(text));
}


async function sendTest(args: Args, io: CliIo): Promise<number> {
  const { sendTestCopy } = await import('../test-send.js');
  await sendTestCopy({ cwd: io.cwd, env: io.env, stdout: io.stdout, stderr: io.stderr, configFile: args.config, files: args.files, to: args.to! });
  return 0;
}

async function confirm(plan: readonly string[], io: CliIo, showFindings: () => void): Promise<boolean> {
  if (!io.stdin?.isTTY) {
    throw new PublishError('NP700', 'a live run reaches real readers and this is not a terminal: pass --yes (CI=true also skips the question)');
  }
  // Everything the user decides on comes before the question: lint findings, then the plan.
  showFindings();
  for (const line of plan) io.stdout.write(`  ${line}\n`);
  const rl = createInterface({ input: io.stdin, output: io.stdout as NodeJS.WritableStream });
  try {
    const answer = await rl.question('Publish now? This sends to real readers. [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Issue files changed since a git ref (for `release --since REF`). */
async function changedFiles(cwd: string, ref: string, configFile?: string): Promise<string[]> {
  const { loadConfig } = await import('../config.js');
  const config = loadConfig(cwd, configFile);
  let out: string;
  try {
    out = execFileSync('git', ['diff', '--name-only', `${ref}...HEAD`, '--', config.content], { cwd: config.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new PublishError('NP105', `--since ${ref}: git cannot compare that ref with HEAD in ${config.root}; nothing was published`);
  }
  const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: config.root, encoding: 'utf8' }).trim();
  return out.split('\n').filter(Boolean).map((f) => path.relative(config.root, path.join(top, f)));
}

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(findPackageRoot(import.meta.url), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
