// `publish preview`: the review page served on 127.0.0.1, rebuilt by the
// lifecycle's own dry run whenever a watched file changes, and pushed to open
// pages over Server-Sent Events.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Env } from '../channel.js';
import { PublishError } from '../errors.js';
import { createLogger, type Writable } from '../log.js';
import { createRedactor } from '../redact.js';
import { buildPreview, type BuildOutcome } from './build.js';
import { contentSecurityPolicy } from './page-script.js';
import { serverLinks } from './page-links.js';
import { plural } from './render-common.js';
import { renderErrorPage, renderReviewPage } from './render-page.js';
import { sameWatchSet, watchPaths, type WatchSet } from './watch.js';
import { planWatch } from './watch-plan.js';

export interface PreviewOptions {
  readonly cwd: string;
  readonly env: Env;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly configFile?: string;
  readonly file?: string;
  readonly port?: number;
  readonly signal?: AbortSignal;
}

export interface PreviewServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  /** The page to open first: the named issue's, else the index. */
  readonly startUrl: string;
  /** The private dry-run folder the server renders into (removed on close). */
  readonly outDir: string;
  /** Number of finished builds; pages reload when it moves past theirs. */
  build(): number;
  /** Resolves once no build is running or queued. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Saves arrive as bursts of events (write, rename, chmod): one rebuild per burst. */
const DEBOUNCE_MS = 60;

const SANDBOXED_FILE_POLICY = "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; font-src https: http: data:";

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  // Shown, not downloaded: a reviewer reads the raw message in the browser.
  '.eml': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export async function createPreviewServer(options: PreviewOptions, onBuild?: (outcome: BuildOutcome, build: number) => void): Promise<PreviewServer> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'publish-preview-'));
  let outcome: BuildOutcome | undefined;
  let build = 0;
  let running: Promise<void> | undefined;
  let queued = false;
  let timer: NodeJS.Timeout | undefined;
  let debouncing = false;
  let closed = false;
  let watched: WatchSet = { folders: [], files: [] };
  let stopWatching = (): void => undefined;
  const clients = new Set<ServerResponse>();

  const announce = (): void => {
    for (const client of clients) client.write(`event: build\ndata: ${build}\n\n`);
  };

  const rewatch = (set: WatchSet): void => {
    if (sameWatchSet(set, watched)) return;
    stopWatching();
    watched = set;
    stopWatching = watchPaths(set, () => schedule());
  };

  const rebuild = async (): Promise<void> => {
    do {
      queued = false;
      const result = await buildPreview({ cwd: options.cwd, env: options.env, configFile: options.configFile, file: options.file, outDir, signal: options.signal });
      if (closed) return;
      outcome = result;
      build++;
      rewatch(planWatch(options, result.config));
      onBuild?.(result, build);
      announce();
    } while (queued && !closed);
  };

  const start = (): Promise<void> => {
    if (running) {
      queued = true;
      return running;
    }
    running = rebuild().finally(() => {
      running = undefined;
    });
    return running;
  };

  function schedule(): void {
    if (closed) return;
    clearTimeout(timer);
    debouncing = true;
    timer = setTimeout(() => {
      debouncing = false;
      void start();
    }, DEBOUNCE_MS);
  }

  await start();

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      send(res, 500, 'text/plain; charset=utf-8', `preview failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    // DNS rebinding: a page on another site must not read the preview through a name it controls.
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (host !== '127.0.0.1' && host !== 'localhost') return send(res, 421, 'text/plain; charset=utf-8', 'the preview answers only to 127.0.0.1\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'read-only\n');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = url.pathname;
    if (route === '/events') return events(res);
    if (route === '/') return page(res, { kind: 'index' });
    const issue = /^\/issues\/([^/]+)\/?$/.exec(route);
    if (issue) {
      if (!route.endsWith('/')) return redirect(res, `${route}/`);
      return page(res, { kind: 'issue', key: decodeURIComponent(issue[1]) });
    }
    if (route.startsWith('/out/')) return artifact(res, decodeURIComponent(route.slice('/out/'.length)));
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }

  function page(res: ServerResponse, view: { kind: 'index' } | { kind: 'issue'; key: string }): void {
    const current = outcome;
    const html = !current ? renderErrorPage('still building', [], build)
      : current.ok ? renderReviewPage(current.model, { view, links: serverLinks, build })
        : renderErrorPage(current.message, current.details, build);
    const missing = current?.ok && view.kind === 'issue' && !current.model.reviews.some((r) => r.summary.key === view.key);
    send(res, missing ? 404 : 200, 'text/html; charset=utf-8', html, {
      'Content-Security-Policy': `${contentSecurityPolicy(true)}; frame-ancestors 'none'`,
      'X-Frame-Options': 'DENY',
    });
  }

  function artifact(res: ServerResponse, rel: string): void {
    const file = path.resolve(outDir, rel);
    if (!file.startsWith(outDir + path.sep)) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    let body: Buffer;
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      body = readFileSync(file);
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    }
    // Artifacts are issue content: served as a sandboxed document, never with the page's powers.
    send(res, 200, MEDIA_TYPES[path.extname(file)] ?? 'application/octet-stream', body, { 'Content-Security-Policy': SANDBOXED_FILE_POLICY });
  }

  function events(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Content-Type-Options': 'nosniff' });
    // The current build at once: a page rendered just before a rebuild finished reloads too.
    res.write(`retry: 500\nevent: build\ndata: ${build}\n\n`);
    clients.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      clients.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? new PublishError('NP800', `port ${options.port} is already in use on 127.0.0.1`, ['omit --port to use a free port, or pick another one'])
        : error);
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  }).catch((error: unknown) => {
    closed = true;
    stopWatching();
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  });

  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  const first = outcome as BuildOutcome | undefined;
  const namedKey = first?.ok && options.file
    ? first.model.reviews.find((r) => path.resolve(first.config.root, r.summary.source) === path.resolve(options.cwd, options.file ?? ''))?.summary.key
    : undefined;

  return {
    url,
    port,
    outDir,
    startUrl: namedKey ? `${url}issues/${encodeURIComponent(namedKey)}/` : url,
    build: () => build,
    idle: async () => {
      while (debouncing || running) await (running ?? new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS)));
    },
    close: async () => {
      closed = true;
      clearTimeout(timer);
      stopWatching();
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await running?.catch(() => undefined);
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(308, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

/** Runs until the signal aborts (Ctrl-C in the CLI), printing the address and every rebuild. */
export async function startPreview(options: PreviewOptions): Promise<void> {
  const log = createLogger(options.stdout, options.stderr, createRedactor(options.env));
  let lastNotes = '';
  const report = (outcome: BuildOutcome, build: number): void => {
    if (!outcome.ok) {
      log.warn(`preview: cannot render (${outcome.ms} ms): ${outcome.message}${outcome.details.map((d) => `\n  - ${d}`).join('')}`);
      return;
    }
    const { model } = outcome;
    const errors = model.reviews.reduce((n, r) => n + r.summary.errors, 0);
    const warnings = model.reviews.reduce((n, r) => n + r.summary.warnings, 0);
    log.info(`preview: build ${build}: ${plural(model.reviews.length, 'issue')} rendered in ${outcome.ms} ms; lint ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
    const notes = model.notes.join('\n');
    if (notes !== lastNotes) for (const note of model.notes) log.warn(`${note} — a live run would stop here`);
    lastNotes = notes;
  };
  const server = await createPreviewServer(options, report);
  log.info(`preview: ${server.startUrl}  (127.0.0.1 only; saving an issue, a template or the config refreshes the page; Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) return resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
}
