// A fake X API v2 over HTTPS (self-signed certificate) on 127.0.0.1. It checks
// what X checks: the OAuth 1.0a header (fields, HMAC-SHA1 signature, nonce
// reuse, clock skew), the JSON body, the weighted length (twitter-text, as X
// documents), duplicate content, and rate limits, answering in X's shapes.
import { createHmac } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import selfsigned from 'selfsigned';
import twitterText from 'twitter-text';

export interface FakeTweet {
  readonly id: string;
  readonly text: string;
}

export interface FakeTwitterCredentials {
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  readonly accessSecret: string;
}

export interface FakeTwitterRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string;
  readonly body: string;
}

export const FAKE_CREDENTIALS: FakeTwitterCredentials = {
  appKey: 'fake-consumer-key-123',
  appSecret: 'fake-consumer-secret-456',
  accessToken: '1234-fake-access-token-789',
  accessSecret: 'fake-access-secret-abc',
};

const problem = (status: number, title: string, detail: string): unknown => ({ title, type: 'about:blank', status, detail });

/** RFC 3986 encoding as OAuth 1.0a requires. */
function enc(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export class FakeTwitter {
  readonly tweets: FakeTweet[] = [];
  readonly requests: FakeTwitterRequest[] = [];
  /** The next N POST /2/tweets answer 429, with a reset `resetInSeconds` ahead. */
  rateLimitNext = 0;
  resetInSeconds = 2;
  /** false: the 429 carries no x-rate-limit-* headers (seen behind proxies and on some endpoints). */
  rateLimitHeaders = true;
  ca = '';
  url = '';
  private server?: https.Server;
  private readonly nonces = new Set<string>();
  private nextId = 1_323_000_000_000_000_000n;

  constructor(readonly credentials: FakeTwitterCredentials = FAKE_CREDENTIALS) {}

  async start(): Promise<this> {
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
    });
    this.ca = pems.cert;
    this.server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const authorization = String(req.headers.authorization ?? '');
    this.requests.push({ method: req.method ?? '', path: url.pathname, authorization, body });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };
    const authProblem = this.checkOAuth(req.method ?? 'GET', url, authorization);
    if (authProblem) return send(401, { ...(problem(401, 'Unauthorized', 'Unauthorized') as object), reason: authProblem });

    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /2/users/me') return send(200, { data: { id: '1234', name: 'XMPP', username: 'xmpp' } });
    if (route === 'POST /2/tweets') {
      if (this.rateLimitNext > 0) {
        this.rateLimitNext--;
        const reset = Math.floor(Date.now() / 1000) + this.resetInSeconds;
        const headers: Record<string, string> = this.rateLimitHeaders ? { 'x-rate-limit-limit': '17', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) } : {};
        return send(429, problem(429, 'Too Many Requests', 'Too Many Requests'), headers);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(400, { errors: [{ message: 'Request body is not valid JSON' }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' });
      }
      const text = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['text'] : undefined;
      if (typeof text !== 'string' || text === '') {
        return send(400, { errors: [{ parameters: { text: [] }, message: 'Tweet text is required' }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' });
      }
      if (!twitterText.parseTweet(text).valid) {
        return send(403, problem(403, 'Forbidden', 'Your Tweet text is too long. For more information on how X determines text length, see https://github.com/twitter/twitter-text.'));
      }
      if (this.tweets.some((t) => t.text === text)) {
        return send(403, problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.'));
      }
      const tweet = { id: String(this.nextId++), text };
      this.tweets.push(tweet);
      return send(201, { data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } });
    }
    return send(404, problem(404, 'Not Found Error', `Could not find ${url.pathname}`));
  }

  /** A reason to refuse the request, or undefined when the OAuth 1.0a header is valid. */
  private checkOAuth(method: string, url: URL, header: string): string | undefined {
    if (!header.startsWith('OAuth ')) return 'no OAuth header';
    const params = new Map<string, string>();
    for (const part of header.slice(6).split(',')) {
      const match = /^\s*([\w]+)="([^"]*)"\s*$/.exec(part);
      if (!match) return `malformed header part ${part}`;
      params.set(decodeURIComponent(match[1] ?? ''), decodeURIComponent(match[2] ?? ''));
    }
    for (const key of ['oauth_consumer_key', 'oauth_token', 'oauth_signature_method', 'oauth_signature', 'oauth_nonce', 'oauth_timestamp']) {
      if (!params.get(key)) return `missing ${key}`;
    }
    if (params.get('oauth_signature_method') !== 'HMAC-SHA1') return 'signature method is not HMAC-SHA1';
    if (params.get('oauth_consumer_key') !== this.credentials.appKey || params.get('oauth_token') !== this.credentials.accessToken) return 'unknown key or token';
    if (Math.abs(Number(params.get('oauth_timestamp')) - Date.now() / 1000) > 300) return 'timestamp out of range';
    const signed = [...params].filter(([k]) => k !== 'oauth_signature' && k !== 'realm');
    for (const [k, v] of url.searchParams) signed.push([k, v]);
    const normalized = signed.map(([k, v]) => [enc(k), enc(v)] as const).sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
    const base = [method.toUpperCase(), enc(`${url.protocol}//${url.host}${url.pathname}`), enc(normalized)].join('&');
    const expected = createHmac('sha1', `${enc(this.credentials.appSecret)}&${enc(this.credentials.accessSecret)}`).update(base).digest('base64');
    if (expected !== params.get('oauth_signature')) return 'signature does not match';
    const nonce = params.get('oauth_nonce') ?? '';
    if (this.nonces.has(nonce)) return 'nonce reused';
    this.nonces.add(nonce);
    return undefined;
  }
}
