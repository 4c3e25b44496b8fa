#!/usr/bin/env node
// Feed channel benchmark: time and peak memory to build Atom, RSS and JSON Feed
// from the real corpus (xsf/hugo + xsf/pelican + twir, 100+ issues) and from
// 1,000 synthetic 30 KB issues, plus `publish --channel feed --dry-run` as a
// whole process. Each scenario runs in a child process of its own so its peak
// RSS is its own. Needs `npx tsc -p .` first (imports dist/).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(path.join(repo, 'dist', p)).href;
const TARGET_MS = 150;
const TARGET_MIB = 200;
const TARGET_PROCESS_MS = 300;
const MiB = 1024 * 1024;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function loadChannel() {
  const { createFeedChannel } = await import(dist('channels/feed/index.js'));
  const { parseFeedOptions } = await import(dist('channels/feed/options.js'));
  const { parseConfig } = await import(dist('src/config.js'));
  return { channel: createFeedChannel(), parseFeedOptions, parseConfig };
}

function context(archive, config, options) {
  const noop = () => undefined;
  return {
    options, config, env: {}, cwd: config.root, archive, stateDir: config.stateDir,
    log: { info: noop, warn: noop, error: noop, redact: (t) => t },
    ledger: { published: () => undefined },
    progress: () => ({ update: noop, done: noop }),
    signal: new AbortController().signal,
  };
}

// MODE 'peak': one render, as `publish` does, so peak RSS is that of a real run
// rather than of garbage piled up by twenty renders in a row. MODE 'time': the
// warm median of repeated renders.
const MODE = process.argv[3] ?? 'time';

async function timeRenders(channel, archive, ctx, runs) {
  if (MODE === 'peak') {
    const start = process.hrtime.bigint();
    const result = await channel.render(archive[0], ctx);
    const bytes = result.artifacts.reduce((n, a) => n + Buffer.byteLength(a.content), 0);
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, bytes };
  }
  await channel.render(archive[0], ctx); // warm-up: JIT and lazy regex compilation
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    result = await channel.render(archive[0], ctx);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const bytes = result.artifacts.reduce((n, a) => n + Buffer.byteLength(a.content), 0);
  return { ms: median(times), bytes };
}

const CONFIG = (content, languages) => [
  'site:', '  url: https://xmpp.org', '  title: The XMPP Newsletter', '  description: News from the XMPP community.',
  '  language: en', `  languages: [${languages.join(', ')}]`, '  timezone: Europe/Berlin', `content: ${content}`,
].join('\n');

async function corpusScenario() {
  const corpus = path.resolve(repo, '../shared/corpus');
  if (!existsSync(corpus)) return { skipped: `${corpus} is absent` };
  const root = mkdtempSync(path.join(os.tmpdir(), 'feed-bench-'));
  try {
    for (const sub of ['xsf/hugo', 'xsf/pelican', 'twir']) {
      if (existsSync(path.join(corpus, sub))) cpSync(path.join(corpus, sub), path.join(root, 'content', sub.replace('/', '-')), { recursive: true });
    }
    const { channel, parseFeedOptions, parseConfig } = await loadChannel();
    const { loadContent } = await import(dist('src/content.js'));
    const config = parseConfig(CONFIG('content', ['en', 'de', 'es', 'fr']), path.join(root, 'publish.config.yaml'));
    const { issues } = loadContent(config);
    const ctx = context(issues, config, parseFeedOptions({ limit: 1000 }, config));
    const { ms, bytes } = await timeRenders(channel, issues, ctx, 20);
    // Peak includes parsing the corpus with the lead's parser (marked, sanitizer): reported, not judged.
    return { label: `corpus ${issues.length} issues, every language, all entries`, ms, bytes, target: TARGET_MS };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function syntheticIssues(count, htmlBytes) {
  const paragraph = (n) => `<p>Paragraph ${n}: the <a href="https://example.org/p/${n}?a=1&amp;b=2">XMPP Standards Foundation</a> &amp; friends wrote &lt;code&gt; about <em>Jingle</em> and <img src="https://example.org/i/${n}.png" alt="shot ${n}"> — ünïcode ✓.</p>\n`;
  let body = '';
  for (let n = 0; Buffer.byteLength(body) < htmlBytes; n++) body += paragraph(n);
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString();
    const p = `/${date.slice(0, 4)}/${date.slice(5, 7)}/issue-${i}/`;
    return {
      id: `tag:example.org,${date.slice(0, 10)}:${p}`, key: p.slice(1, -1).replaceAll('/', '-'), source: `content/issue-${i}.md`, dialect: 'hugo',
      title: `Issue ${i}: news & <notes>`, date, updated: date, authors: ['Alice', 'Bob'], language: 'en',
      canonicalUrl: `https://example.org${p}`, canonicalPath: p, summary: `Summary of issue ${i}.`, draft: false,
      categories: ['Newsletter'], intro: { html: '', text: '' }, sections: [],
      images: [{ src: 'https://example.org/i/0.png', alt: 'shot', line: 1 }], links: [],
      html: `<h2>Issue ${i}</h2>\n${body}`, text: '', sourceHash: '0'.repeat(64),
    };
  });
}

async function syntheticScenario(count, limit) {
  const { channel, parseFeedOptions, parseConfig } = await loadChannel();
  const root = mkdtempSync(path.join(os.tmpdir(), 'feed-bench-'));
  const config = parseConfig(CONFIG('content', ['en']), path.join(root, 'publish.config.yaml'));
  const issues = syntheticIssues(count, 30 * 1024);
  const ctx = context(issues, config, parseFeedOptions({ limit }, config));
  const { ms, bytes } = await timeRenders(channel, issues, ctx, limit > 100 ? 5 : 20);
  rmSync(root, { recursive: true, force: true });
  // The targets are for feeds of 100 entries; bigger runs are reported as figures.
  const target = count === 100 ? TARGET_MS : undefined;
  return { label: `${count.toLocaleString('en')} synthetic 30 KB issues, newest ${limit} entries`, ms, bytes, target, memTarget: count === 100 };
}

function processScenario() {
  const bin = path.join(repo, 'dist/cli/bin.js');
  if (!existsSync(bin)) return { skipped: 'dist/cli/bin.js does not exist yet (the CLI has not landed)' };
  const floor = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    floor.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const times = [];
  let last;
  for (let i = 0; i < 11; i++) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'feed-bench-out-'));
    const start = process.hrtime.bigint();
    // The tests' project: the repository root has no config since the example moved to examples/.
    last = spawnSync(process.execPath, [bin, '--channel', 'feed', '--dry-run', '--out', out], { cwd: path.join(repo, 'tests/fixtures/xmpp-newsletter'), encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const wrote = existsSync(path.join(out, 'feed/atom.xml'));
    rmSync(out, { recursive: true, force: true });
    if (last.status !== 0 || !wrote) return { failed: `exit ${last.status}, atom.xml ${wrote ? 'written' : 'missing'}: ${(last.stderr || last.stdout).trim().split('\n').slice(-3).join(' | ')}` };
  }
  return { label: 'publish --channel feed --dry-run (whole process)', ms: median(times.slice(1)), floor: median(floor), target: TARGET_PROCESS_MS };
}

async function child(name) {
  const result = name === 'corpus' ? await corpusScenario()
    : name === 'synthetic-100' ? await syntheticScenario(100, 100)
    : name === 'synthetic-1000-newest-100' ? await syntheticScenario(1000, 100)
    : name === 'synthetic-1000' ? await syntheticScenario(1000, 1000)
    : processScenario();
  // ru_maxrss is in KiB on Linux.
  process.stdout.write(JSON.stringify({ ...result, peak: process.resourceUsage().maxRSS * 1024 }) + '\n');
}

function line(result) {
  if (result.skipped) return `feed: ${result.label ?? 'scenario'} skipped: ${result.skipped}`;
  if (result.failed) return `feed: FAILED ${result.failed}`;
  const timeOk = result.target === undefined || result.ms < result.target;
  const memOk = !result.memTarget || result.peak < TARGET_MIB * MiB;
  const target = result.target !== undefined ? ` (target < ${result.target} ms)` : '';
  const floor = result.floor !== undefined ? `, node -e 0 floor ${result.floor.toFixed(0)} ms` : '';
  const size = result.bytes ? `, ${(result.bytes / MiB).toFixed(1)} MiB written` : '';
  const peak = `, peak RSS ${(result.peak / MiB).toFixed(0)} MiB${result.label.includes('whole process') ? '' : ' for one render'}${result.memTarget ? ` (target < ${TARGET_MIB} MiB)` : ''}`;
  const isProcess = result.label.includes('whole process');
  return `feed: ${result.label}: ${isProcess ? 'median' : 'render median'} ${result.ms.toFixed(1)} ms${isProcess ? '' : ' warm'}${target}${floor}${size}${peak} ${timeOk && memOk ? 'OK' : 'SLOW'}`;
}

const scenario = process.argv[2];
if (scenario) {
  await child(scenario);
} else {
  if (!existsSync(path.join(repo, 'dist/channels/feed/index.js'))) {
    console.error('feed: dist/ is missing: run `npx tsc -p .` first');
    process.exit(1);
  }
  let ok = true;
  const run = (name, mode) => {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name, mode], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${name} (${mode}) FAILED: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return JSON.parse(child.stdout.trim().split('\n').pop());
  };
  for (const name of ['corpus', 'synthetic-100', 'synthetic-1000-newest-100', 'synthetic-1000', 'process']) {
    let result;
    try {
      result = run(name, 'time');
      // Peak memory of one render in a fresh process (the whole process already is one run).
      if (!result.skipped && !result.failed && name !== 'process') result.peak = run(name, 'peak').peak;
    } catch (error) {
      console.log(`feed: ${error.message}`);
      ok = false;
      continue;
    }
    const text = line(result);
    if (text.endsWith('SLOW') || result.failed) ok = false;
    console.log(text);
  }
  process.exitCode = ok ? 0 : 1;
}
