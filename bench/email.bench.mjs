#!/usr/bin/env node
// Email channel benchmark (issue #3):
//  1. render time of the bundled issue, HTML + text (warm, median of many);
//  2. messages/s sending 10,000 personalized messages of the real size to
//     Postfix's smtp-sink, paired with Postfix's smtp-source sending the same
//     size over the same number of connections (the machine's ceiling):
//     three pairs (ours, then smtp-source), each with the 1-minute load
//     average, then the medians and the median ratio (target ≥ 50 %, issue 18);
//  3. peak RSS of a send to 1,000 and to 100,000 recipients (flat memory).
// Needs `npx tsc -p .` first (imports dist/) and Debian's `postfix` package
// for smtp-sink/smtp-source (skipped with a message when absent).
// `node bench/email.bench.mjs --profile` instead runs one send under
// `node --cpu-prof` (every thread) and prints the top self-time functions.
// Knobs: EMAIL_BENCH_MESSAGES (10000), EMAIL_BENCH_CONNECTIONS (8),
// EMAIL_BENCH_PAIRS (3), EMAIL_BENCH_MEMORY (1000,100000; empty skips),
// EMAIL_BENCH_WORKERS (channel default).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(path.join(repo, 'dist', p)).href;
const SINK = '/usr/sbin/smtp-sink';
const SOURCE = '/usr/sbin/smtp-source';
const RENDER_TARGET_MS = 30;
const RATIO_TARGET = 0.5;
const MESSAGES = Number(process.env.EMAIL_BENCH_MESSAGES ?? 10_000);
const CONNECTIONS = Number(process.env.EMAIL_BENCH_CONNECTIONS ?? 8);
const PAIRS = Number(process.env.EMAIL_BENCH_PAIRS ?? 3);
const MEMORY_SIZES = (process.env.EMAIL_BENCH_MEMORY ?? '1000,100000').split(',').filter((n) => n.trim() !== '').map(Number);
const loadAvg = () => os.loadavg()[0].toFixed(2);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ok = (good) => (good ? 'OK' : 'MISSED');

async function load() {
  const { createEmailChannel } = await import(dist('channels/email/index.js'));
  const { renderPayload } = await import(dist('channels/email/render.js'));
  const { TemplateSet } = await import(dist('channels/email/template-engine.js'));
  const { parseEmailOptions } = await import(dist('channels/email/options.js'));
  const { parseConfig } = await import(dist('src/config.js'));
  const { parseIssueFile } = await import(dist('src/parse/issue.js'));
  const config = parseConfig(
    'site:\n  url: https://xmpp.org\n  title: The XMPP Newsletter\n  language: en\n  timezone: Europe/Berlin\n  license: CC BY-SA 4.0\ncontent: content\n',
    path.join(repo, 'tests/fixtures/xmpp-newsletter/publish.config.yaml'),
  );
  const contentDir = path.join(repo, 'tests/fixtures/xmpp-newsletter/content');
  const file = readdirSync(contentDir).filter((f) => f.endsWith('.md')).sort()[0];
  const issue = parseIssueFile(path.join(contentDir, file), config, repo).issue;
  return { createEmailChannel, renderPayload, TemplateSet, parseEmailOptions, config, issue };
}

function context(lib, env, raw, stateDir) {
  const noop = () => undefined;
  return {
    options: lib.parseEmailOptions(raw, env, lib.config),
    config: lib.config, env, cwd: repo, archive: [], stateDir,
    log: { info: noop, warn: noop, error: noop, redact: (t) => t },
    ledger: { published: () => undefined },
    progress: () => ({ update: noop, done: noop }),
    signal: new AbortController().signal,
  };
}

async function benchRender(lib) {
  const ctx = context(lib, {}, {}, os.tmpdir());
  const templates = new lib.TemplateSet(path.join(repo, 'templates/email'), repo);
  const input = { issue: lib.issue, options: ctx.options, config: lib.config, templates };
  for (let i = 0; i < 40; i++) await lib.renderPayload(input);
  const times = [];
  for (let i = 0; i < 150; i++) {
    const start = performance.now();
    await lib.renderPayload(input);
    times.push(performance.now() - start);
  }
  const ms = median(times);
  const payload = await lib.renderPayload(input);
  console.log(`email: render median ${ms.toFixed(1)} ms for HTML + text (target < ${RENDER_TARGET_MS} ms) ${ok(ms < RENDER_TARGET_MS)}`);
  console.log(`email: bundled issue HTML ${(payload.htmlBytes / 1024).toFixed(1)} KB (budget 100 KB) ${ok(payload.htmlBytes < 100 * 1024)}`);
  const rendered = await lib.createEmailChannel().render(lib.issue, ctx);
  return rendered.artifacts.find((a) => a.path.endsWith('.eml')).content.length;
}

/** The subscriber list, written by the parent so its strings never count in the sender's RSS. */
function writeList(dir, count) {
  const list = path.join(dir, `subscribers-${count}.csv`);
  const fd = openSync(list, 'w');
  writeSync(fd, 'email,name\n');
  for (let i = 0; i < count; i += 1000) {
    const lines = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) lines.push(`reader${j}@bench${j % 97}.example.org,Reader ${j}\n`);
    writeSync(fd, lines.join(''));
  }
  closeSync(fd);
  return list;
}

/** Child mode: one real publish to the sink; prints {seconds, sent, maxRssKb}. */
async function child(port, list) {
  const lib = await load();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'np-email-bench-'));
  const env = { SMTP_URL: `smtp://127.0.0.1:${port}`, UNSUBSCRIBE_SECRET: 'benchmark-secret-0123456789', SUBSCRIBERS_FILE: list };
  const ctx = context(lib, env, { maxConnections: CONNECTIONS, unsubscribeMailto: 'leave@xmpp.org', ...(process.env.EMAIL_BENCH_WORKERS ? { workers: Number(process.env.EMAIL_BENCH_WORKERS) } : {}) }, path.join(dir, 'state'));
  const channel = lib.createEmailChannel();
  const { payload } = await channel.render(lib.issue, ctx);
  globalThis.gc?.();
  const afterRender = `${Math.round(process.memoryUsage.rss() / 1048576)} MiB rss, main heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MiB`;
  if (process.env.EMAIL_BENCH_DEBUG) console.error(`after render: ${afterRender}`);
  // EMAIL_BENCH_DEBUG=1 prints the process RSS every 2 s (flat memory shows as a flat series).
  const rss = [];
  const sampler = process.env.EMAIL_BENCH_DEBUG ? setInterval(() => {
    const m = process.memoryUsage();
    rss.push(`${Math.round(m.rss / 1048576)}/${Math.round(m.heapUsed / 1048576)}/${Math.round(m.external / 1048576)}`);
  }, 2000) : undefined;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const receipt = await channel.publish(payload, ctx);
  const seconds = (performance.now() - start) / 1000;
  // Every thread of the process (main + send workers): robust on a busy machine, where wall time is not.
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  if (rss.length > 0) console.error(`rss/main heap used/external every 2 s (MiB): ${rss.join(' ')}`);
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ seconds, sent: receipt.sentThisRun, maxRssKb: process.resourceUsage().maxRSS, cpuUs: cpu.user + cpu.system }) + '\n');
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startSink() {
  const port = await freePort();
  const args = ['-c', '-u', process.getuid?.() === 0 ? 'postfix' : os.userInfo().username, `127.0.0.1:${port}`, '1024'];
  const sink = spawn(SINK, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (up) return { sink, port };
    await new Promise((r) => setTimeout(r, 50));
  }
  sink.kill();
  throw new Error('smtp-sink did not start');
}

function runChild(port, count, dir, nodeFlags = []) {
  const list = writeList(dir, count);
  const result = spawnSync(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), '--child', String(port), list], { encoding: 'utf8', maxBuffer: 1 << 24, env: process.env });
  rmSync(list, { force: true });
  if (result.status !== 0) throw new Error(`send child failed: ${result.stderr}`);
  if (process.env.EMAIL_BENCH_DEBUG) process.stderr.write(`${count} recipients: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

/** smtp-source sending MESSAGES of `size` bytes over CONNECTIONS: msg/s, and its CPU µs per message (via /usr/bin/time when present). */
function runSource(port, size) {
  const args = ['-s', String(CONNECTIONS), '-l', String(size), '-m', String(MESSAGES), '-f', 'newsletter@xmpp.org', '-t', 'reader@example.org', `127.0.0.1:${port}`];
  const timed = existsSync('/usr/bin/time');
  const start = performance.now();
  const result = timed ? spawnSync('/usr/bin/time', ['-f', '%U %S', SOURCE, ...args], { encoding: 'utf8' }) : spawnSync(SOURCE, args, { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`smtp-source failed: ${result.stderr}`);
  const times = timed ? result.stderr.trim().split('\n').at(-1).split(' ').map(Number) : undefined;
  return { rate: MESSAGES / seconds, cpuUs: times ? ((times[0] + times[1]) * 1e6) / MESSAGES : undefined };
}

/** CPU seconds smtp-sink has used so far (it serves both senders), from /proc; undefined elsewhere. */
function sinkCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function sendPairs(port, size, dir) {
  const pairs = [];
  for (let i = 0; i < PAIRS; i++) {
    const loadBefore = loadAvg();
    const ours = runChild(port, MESSAGES, dir);
    const source = runSource(port, size);
    const pair = { load: loadBefore, ours: ours.sent / ours.seconds, oursCpuUs: ours.cpuUs / ours.sent, source: source.rate, sourceCpuUs: source.cpuUs };
    pairs.push(pair);
    console.log(`email: pair ${i + 1}/${PAIRS} (load ${pair.load}): send ${pair.ours.toFixed(0)} msg/s (${pair.oursCpuUs.toFixed(0)} µs CPU/msg), smtp-source ${pair.source.toFixed(0)} msg/s${pair.sourceCpuUs === undefined ? '' : ` (${pair.sourceCpuUs.toFixed(0)} µs CPU/msg)`} = ${(100 * pair.ours / pair.source).toFixed(0)} %`);
  }
  return pairs;
}

async function profile() {
  if (!existsSync(SINK)) throw new Error('--profile needs smtp-sink (Debian package postfix)');
  const { sink, port } = await startSink();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'np-email-profile-'));
  try {
    const profDir = path.join(dir, 'profiles');
    const ours = runChild(port, MESSAGES, dir, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
    console.log(`email profile: ${ours.sent} messages in ${ours.seconds.toFixed(1)} s, ${(ours.cpuUs / ours.sent).toFixed(0)} µs CPU/msg (load ${loadAvg()})`);
    summariseProfiles(profDir, Number(process.env.EMAIL_BENCH_TOP ?? 25));
  } finally {
    sink.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Self time per function over every thread's .cpuprofile (idle excluded), highest first. */
function summariseProfiles(profDir, top) {
  const self = new Map();
  let total = 0;
  for (const file of readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(path.join(profDir, file), 'utf8'));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const frame = nodes.get(id).callFrame;
      if (frame.functionName === '(idle)') return;
      const where = frame.url ? ` ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/dist\//, '')}:${frame.lineNumber + 1}` : '';
      const key = `${frame.functionName || '(anonymous)'}${where}`;
      const dt = profile.timeDeltas[i] ?? 0;
      self.set(key, (self.get(key) ?? 0) + dt);
      total += dt;
    });
  }
  console.log(`top self time (all threads, ${(total / 1000).toFixed(0)} ms sampled, idle excluded):`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${(100 * us / total).toFixed(1).padStart(5)} %  ${key}`);
  }
}

async function main() {
  const lib = await load();
  const size = await benchRender(lib);
  if (!existsSync(SINK) || !existsSync(SOURCE)) {
    console.log('email: send benchmark skipped: smtp-sink not installed (Debian package postfix: apt-get install -y postfix)');
    return;
  }
  const { sink, port } = await startSink();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'np-email-bench-lists-'));
  try {
    // EMAIL_BENCH_PAIRS=0 measures memory alone.
    if (PAIRS > 0) {
      const sinkBefore = sinkCpuSeconds(sink.pid);
      const pairs = await sendPairs(port, size, dir);
      const sinkAfter = sinkCpuSeconds(sink.pid);
      const ours = median(pairs.map((p) => p.ours));
      const source = median(pairs.map((p) => p.source));
      const ratio = median(pairs.map((p) => p.ours / p.source));
      console.log(`email: median of ${PAIRS} pairs (${MESSAGES} × ${(size / 1024).toFixed(1)} KB over ${CONNECTIONS} connections, load ${pairs.map((p) => p.load).join('/')}): send ${ours.toFixed(0)} msg/s, smtp-source ${source.toFixed(0)} msg/s, median ratio ${(100 * ratio).toFixed(0)} % (target ≥ ${RATIO_TARGET * 100} % on a quiet machine) ${ok(ratio >= RATIO_TARGET)}`);
      console.log(`email: median CPU per message: send ${median(pairs.map((p) => p.oursCpuUs)).toFixed(0)} µs (all threads)${pairs[0].sourceCpuUs === undefined ? '' : `, smtp-source ${median(pairs.map((p) => p.sourceCpuUs)).toFixed(0)} µs`}${sinkBefore === undefined ? '' : `; smtp-sink ${((1e6 * (sinkAfter - sinkBefore)) / (2 * PAIRS * MESSAGES)).toFixed(0)} µs (both senders)`}`);
    }
    const memory = MEMORY_SIZES.map((count) => ({ count, load: loadAvg(), ...runChild(port, count, dir) }));
    for (const m of memory) console.log(`email: peak RSS ${(m.maxRssKb / 1024).toFixed(0)} MiB sending to ${m.count} recipients (${(m.sent / m.seconds).toFixed(0)} msg/s, load ${m.load})`);
    if (memory.length >= 2) {
      const growth = memory.at(-1).maxRssKb / memory[0].maxRssKb;
      console.log(`email: memory ${growth.toFixed(2)}× from ${memory[0].count} to ${memory.at(-1).count} recipients (target: flat, < 1.5×) ${ok(growth < 1.5)}`);
    }
  } finally {
    sink.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(Number(process.argv[3]), process.argv[4]);
else if (process.argv[2] === '--profile') await profile();
else await main();
