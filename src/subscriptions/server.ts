// `publish serve`: subscribe (double opt-in), confirm, one-click unsubscribe
// (RFC 8058) and the authenticated subscriber export, in one process behind
// the team's reverse proxy. No cookies, no script; the log names the route
// and the status only, never a token or an address.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { checkAddress } from '../mail-address.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ConfirmMailer } from './confirm-mail.js';
import { clientAddress, HttpError, parseFields, readBody, securityHeaders } from './http-util.js';
import { Pages } from './pages.js';
import { RateLimiter } from './rate-limit.js';
import { checkConfirm, checkUnsubscribeToken, confirmLink, confirmQuery, safeEqual, type ConfirmLink } from './signed-links.js';
import type { SubscriptionStore } from './store.js';

export interface ServiceOptions {
  readonly config: Config;
  readonly store: SubscriptionStore;
  readonly secret: string;
  readonly mailer: ConfirmMailer;
  /** Bearer token of GET /api/subscribers; absent: the export answers 404. */
  readonly exportToken?: string;
  readonly log: Logger;
  readonly now?: () => number;
  /** Extra Host values accepted besides publicUrl's (e.g. 127.0.0.1:PORT for the export from the same machine). */
  readonly allowedHosts?: readonly string[];
  /** Subscribe requests per client address per minute (default 10). */
  readonly ipLimit?: number;
}

const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$/;
const ADDRESS_LIMIT_PER_HOUR = 3;

export function createSubscriptionServer(options: ServiceOptions): Server {
  const { config, store, secret, mailer, log } = options;
  const subscriptions = config.subscriptions!;
  const now = options.now ?? Date.now;
  const publicUrl = new URL(subscriptions.publicUrl);
  const basePath = publicUrl.pathname.replace(/\/+$/, '');
  const https = publicUrl.protocol === 'https:';
  const hosts = new Set([publicUrl.host.toLowerCase(), ...(options.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  const perIp = new RateLimiter(options.ipLimit ?? 10, 60_000, now);
  const perAddress = new RateLimiter(ADDRESS_LIMIT_PER_HOUR, 3_600_000, now);
  const languages = new Set([config.site.language, ...config.site.languages]);
  const pagesFor = (language?: string): Pages => new Pages(language && languages.has(language) ? language : config.site.language, config.site.title, subscriptions.pages);

  function send(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8'): void {
    res.statusCode = status;
    res.setHeader('Content-Type', type);
    res.end(body);
  }

  function wantsJson(req: IncomingMessage): boolean {
    return String(req.headers['content-type'] ?? '').startsWith('application/json') || String(req.headers.accept ?? '').startsWith('application/json');
  }

  async function subscribe(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fields = parseFields(req, await readBody(req));
    const pages = pagesFor(fields.language);
    const answer = (status: number): void => {
      if (wantsJson(req)) send(res, status, JSON.stringify(status === 429 ? { status: 'throttled' } : { status: 'ok', message: pages.strings.subscribeSent }), 'application/json');
      else send(res, status, status === 429 ? pages.message('subscribeTitle', 'tooMany') : pages.message('subscribeTitle', 'subscribeSent'));
    };
    if (!perIp.take(clientAddress(req))) return answer(429);
    const check = checkAddress(fields.email ?? '');
    if (!check.ok) {
      if (wantsJson(req)) return send(res, 400, JSON.stringify({ status: 'invalid', message: 'not an email address' }), 'application/json');
      return send(res, 400, pages.message('subscribeTitle', 'invalidLink'));
    }
    // The honeypot, an address over its limit, and a known subscriber all get
    // the very same answer, at once: the response never tells who is subscribed.
    const bot = (fields.website ?? '') !== '';
    const allowed = !bot && perAddress.take(check.key);
    answer(202);
    if (!allowed) return;
    const language = fields.language && LANGUAGE.test(fields.language) && languages.has(fields.language) ? fields.language : config.site.language;
    try {
      if (await store.isConfirmed(check.key) && !(await store.isSuppressed(check.key))) return;
      await store.addPending(check.key, check.address, language);
      const link = `${subscriptions.publicUrl}/confirm?${confirmQuery(confirmLink(secret, check.address, language, now()))}`;
      await mailer.send(check.address, link, pagesFor(language));
    } catch (error) {
      log.warn(`serve: confirmation email not sent (${(error as { code?: string }).code ?? 'error'})`);
    }
  }

  function confirmFields(values: Record<string, string | undefined>): ConfirmLink {
    return { email: values.email ?? '', language: values.lang ?? '', expires: Number(values.expires ?? ''), token: values.token ?? '' };
  }

  async function confirm(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const post = req.method === 'POST';
    const values = post ? parseFields(req, await readBody(req)) : Object.fromEntries(query);
    const link = confirmFields(values);
    const pages = pagesFor(link.language);
    const state = checkConfirm(secret, link, now());
    if (state === 'invalid') return send(res, 403, pages.message('confirmTitle', 'invalidLink'));
    if (state === 'expired') return send(res, 410, pages.message('confirmTitle', 'confirmExpired'));
    const email = link.email;
    if (!post) {
      return send(res, 200, pages.buttonForm('confirmTitle', 'confirmIntro', 'confirmButton', `${basePath}/confirm`,
        { email, lang: link.language, expires: String(link.expires), token: link.token }, { email }));
    }
    const check = checkAddress(email);
    if (!check.ok) return send(res, 403, pages.message('confirmTitle', 'invalidLink'));
    await store.confirm(check.key, check.address, link.language);
    send(res, 200, pages.message('confirmTitle', 'confirmDone', { email }));
  }

  async function unsubscribe(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const post = req.method === 'POST';
    // RFC 8058: the address and token are in the URL, the body says List-Unsubscribe=One-Click.
    const body = post ? parseFields(req, await readBody(req)) : {};
    const email = query.get('email') ?? body.email ?? '';
    const token = query.get('token') ?? body.token ?? '';
    const pages = pagesFor(query.get('lang') ?? undefined);
    if (!email || !token || !checkUnsubscribeToken(secret, email, token)) return send(res, 403, pages.message('unsubscribeTitle', 'invalidLink'));
    if (!post) {
      // Link scanners fetch every URL in a message: a GET only shows the button.
      const action = `${basePath}/unsubscribe?${new URLSearchParams({ email, token }).toString()}`;
      return send(res, 200, pages.buttonForm('unsubscribeTitle', 'unsubscribeIntro', 'unsubscribeButton', action, { 'List-Unsubscribe': 'One-Click' }, { email }));
    }
    const check = checkAddress(email);
    await store.suppress(check.ok ? check.key : email.toLowerCase(), 'unsubscribe');
    send(res, 200, pages.message('unsubscribeTitle', 'unsubscribeDone', { email }));
  }

  async function exportList(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = String(req.headers.authorization ?? '');
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!options.exportToken) return send(res, 404, 'not found\n', 'text/plain; charset=utf-8');
    if (!safeEqual(given, options.exportToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return send(res, 401, 'unauthorized\n', 'text/plain; charset=utf-8');
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.write('email,language\n');
    let count = 0;
    for await (const subscriber of store.deliverable()) {
      count++;
      // Respect backpressure: a large list streams at the reader's pace.
      if (!res.write(`${subscriber.address},${subscriber.language ?? ''}\n`)) await new Promise((resolve) => res.once('drain', resolve));
    }
    // A trailer line lets the reader tell a complete list from a cut connection.
    res.end(`# end ${count}\n`);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res, https);
    const host = String(req.headers.host ?? '').toLowerCase();
    if (!hosts.has(host)) return send(res, 421, 'misdirected request\n', 'text/plain; charset=utf-8');
    const url = new URL(req.url ?? '/', 'http://service.invalid');
    const path = basePath && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
    const method = req.method ?? 'GET';
    const allow = (...methods: string[]): boolean => {
      if (methods.includes(method)) return true;
      res.setHeader('Allow', methods.join(', '));
      send(res, 405, 'method not allowed\n', 'text/plain; charset=utf-8');
      return false;
    };
    switch (path) {
      case '/':
      case '/subscribe':
        if (!allow('GET', 'HEAD', 'POST')) return;
        if (method === 'POST') return subscribe(req, res);
        return send(res, 200, pagesFor(url.searchParams.get('lang') ?? undefined).subscribeForm(`${basePath}/subscribe`));
      case '/confirm':
        if (!allow('GET', 'HEAD', 'POST')) return;
        return confirm(req, res, url.searchParams);
      case '/unsubscribe':
        if (!allow('GET', 'HEAD', 'POST')) return;
        return unsubscribe(req, res, url.searchParams);
      case '/api/subscribers':
        if (!allow('GET')) return;
        return exportList(req, res);
      case '/healthz':
        return send(res, 200, 'ok\n', 'text/plain; charset=utf-8');
      default:
        return send(res, 404, 'not found\n', 'text/plain; charset=utf-8');
    }
  }

  return createServer((req, res) => {
    const started = now();
    res.on('finish', () => {
      // Path only: the query holds addresses and tokens.
      const path = (req.url ?? '/').split('?')[0];
      log.info(`serve: ${req.method} ${path} ${res.statusCode} ${now() - started} ms`);
    });
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (!(error instanceof HttpError)) log.warn(`serve: ${req.method} ${(req.url ?? '/').split('?')[0]} failed (${(error as { code?: string }).code ?? 'error'})`);
      if (!res.headersSent) send(res, status, status === 413 ? 'body too large\n' : status === 400 ? 'bad request\n' : 'internal error\n', 'text/plain; charset=utf-8');
      else res.destroy();
    });
  });
}
