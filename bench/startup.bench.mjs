// Whole-process start-up of the CLI, median of many runs: `publish --help`
// (target < 150 ms) and `publish check` on one issue (target < 300 ms).
// Node's own start (`node -e 0`) is measured in the same run as the floor.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// What users run: the start-up check file, which then loads the bundled CLI.
const bin = `${root}bin/newsletter-publisher.cjs`;
// The tests' project (the example under examples/ may be replaced by a team's own).
const project = `${root}tests/fixtures/xmpp-newsletter`;
const RUNS = Number(process.env.BENCH_RUNS ?? 21);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: project, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}`);
  }
  return median(times);
}

const floor = measure(['-e', '0']);
const rows = [
  ['node -e 0 (floor)', floor, undefined],
  ['publish --help', measure([bin, '--help']), 150],
  ['publish check content/2020-11-05-newsletter.md', measure([bin, 'check', 'content/2020-11-05-newsletter.md']), 300],
];
for (const [label, ms, target] of rows) {
  const verdict = target === undefined ? '' : ms < target ? ` (target < ${target} ms) OK` : ` (target < ${target} ms) OVER`;
  console.log(`startup: ${label}: median ${ms.toFixed(1)} ms over ${RUNS} runs, ${(ms / floor).toFixed(2)}× node's floor${verdict}`);
}
