#!/usr/bin/env node
// Email channel benchmark (issue #3):
//  1. render time of the bundled issue, HTML + text (warm, median of many);
//  2. messages/s sending 10,000 personalized messages of the real size to
//     Postfix's smtp-sink, next to Postfix's smtp-source sending the same
//     size over the same number of connections (the machine's ceiling);
//  3. peak RSS of a send to 1,000 and to 100,000 recipients (flat memory).
// Needs `npx tsc -p .` first (imports dist/) and Debian's `postfix` package
// for smtp-sink/smtp-source (skipped with a message when absent).
// Knobs: EMAIL_BENCH_MESSAGES (10000), EMAIL_BENCH_CONNECTIONS (8),
// EMAIL_BENCH_MEMORY (1000,100000), EMAIL_BENCH_WORKERS (channel default).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(path.join(repo, 'dist', p)).href;
const SINK = '/usr/sbin/smtp-sink';
const SOURCE = '/usr/sbin/smtp-source';
const RENDER_TARGET_MS = 30;
const RATIO_TARGET = 0.4;
const MESSAGES = Number(process.env.EMAIL_BENCH_MESSAGES ?? 10_000);
const CONNECTIONS = Number(process.env.EMAIL_BENCH_CONNECTIONS ?? 8);
const MEMORY_SIZES = (process.env.EMAIL_BENCH_MEMORY ?? '1000,100000').split(',').map(Number);

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
  // EMAIL_BENCH_DEBUG=1 prints the process RSS every 2 s (flat memory shows as a flat series).
  const rss = [];
  const sampler = process.env.EMAIL_BENCH_DEBUG ? setInterval(() => rss.push(Math.round(process.memoryUsage.rss() / 1048576)), 2000) : undefined;
  const start = performance.now();
  const receipt = await channel.publish(payload, ctx);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  if (rss.length > 0) console.error(`rss every 2 s (MiB): ${rss.join(' ')}`);
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ seconds, sent: receipt.sentThisRun, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
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

function runChild(port, count, dir) {
  const list = writeList(dir, count);
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(port), list], { encoding: 'utf8', maxBuffer: 1 << 24, env: process.env });
  rmSync(list, { force: true });
  if (result.status !== 0) throw new Error(`send child failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
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
    const start = performance.now();
    execFileSync(SOURCE, ['-s', String(CONNECTIONS), '-l', String(size), '-m', String(MESSAGES), '-f', 'newsletter@xmpp.org', '-t', 'reader@example.org', `127.0.0.1:${port}`]);
    const ceiling = MESSAGES / ((performance.now() - start) / 1000);
    const ours = runChild(port, MESSAGES, dir);
    const rate = ours.sent / ours.seconds;
    console.log(`email: smtp-source ceiling ${ceiling.toFixed(0)} msg/s (${MESSAGES} × ${(size / 1024).toFixed(1)} KB over ${CONNECTIONS} connections)`);
    console.log(`email: send ${rate.toFixed(0)} msg/s for ${ours.sent} personalized messages = ${(100 * rate / ceiling).toFixed(0)} % of smtp-source (target ≥ ${RATIO_TARGET * 100} %) ${ok(rate >= RATIO_TARGET * ceiling)}`);
    const memory = MEMORY_SIZES.map((count) => ({ count, ...runChild(port, count, dir) }));
    for (const m of memory) console.log(`email: peak RSS ${(m.maxRssKb / 1024).toFixed(0)} MiB sending to ${m.count} recipients (${(m.sent / m.seconds).toFixed(0)} msg/s)`);
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
else await main();
