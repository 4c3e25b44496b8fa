// A fake Mastodon instance over HTTP on 127.0.0.1 that checks what the real
// one checks: the bearer token, required fields, the character limit (every
// URL 23, graphemes otherwise — counted here independently of the channel),
// reply targets, media readiness, and the Idempotency-Key (same key within an
// hour returns the first status instead of creating another). It answers in
// Mastodon's JSON shapes and status codes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeStatus {
  readonly id: string;
  readonly text: string;
  readonly visibility: string;
  readonly language: string | null;
  readonly inReplyToId: string | null;
  readonly mediaIds: readonly string[];
  readonly idempotencyKey: string | null;
}

export interface FakeMastodonOptions {
  readonly token?: string;
  readonly maxCharacters?: number;
  /** false: an old instance without /api/v2/instance (404). */
  readonly instanceV2?: boolean;
  /** Milliseconds since the epoch; tests move it to expire idempotency keys. */
  readonly now?: () => number;
}

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

const IDEMPOTENCY_TTL_MS = 3600 * 1000;
const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'];
// A tiny valid PNG (1×1), served as the image.
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

export class FakeMastodon {
  readonly token: string;
  maxCharacters: number;
  readonly statuses: FakeStatus[] = [];
  readonly requests: FakeRequest[] = [];
  /** The next N replies (statuses with in_reply_to_id) answer 503, as an overloaded instance does. */
  failReplies = 0;
  readonly media = new Map<string, { description: string; bytes: number; processed: boolean }>();
  private readonly keys = new Map<string, { statusId: string; at: number }>();
  private readonly server: http.Server;
  private nextId = 109_000_000_000_000_000n;
  private readonly now: () => number;
  private readonly instanceV2: boolean;
  url = '';

  constructor(options: FakeMastodonOptions = {}) {
    this.token = options.token ?? 'fake-mastodon-token-0123456789';
    this.maxCharacters = options.maxCharacters ?? 500;
    this.instanceV2 = options.instanceV2 ?? true;
    this.now = options.now ?? Date.now;
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Mastodon's StatusLengthValidator, written from its rules rather than from the channel's code. */
  static count(text: string): number {
    const replaced = text.replace(/https?:\/\/[^\s<>"]+[^\s<>".,:;!?)\]'’]/g, 'x'.repeat(23));
    return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(replaced)].length;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body: raw.toString('utf8') });
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const route = `${req.method} ${url.pathname}`;

    if (route === 'GET /api/v2/instance') {
      if (!this.instanceV2) return send(404, { error: 'Record not found' });
      return send(200, this.instance());
    }
    if (route.startsWith('GET /images/')) {
      res.writeHead(200, { 'content-type': 'image/png' });
      return void res.end(PNG);
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { error: 'The access token is invalid' });

    if (route === 'GET /api/v1/accounts/verify_credentials') return send(200, this.account());
    if (route === 'POST /api/v1/statuses') return this.createStatus(req, raw, send);
    if (route === 'POST /api/v2/media') return this.createMedia(req, raw, send);
    const media = /^GET \/api\/v1\/media\/(\d+)$/.exec(route);
    if (media) {
      const item = this.media.get(media[1] ?? '');
      if (!item) return send(404, { error: 'Record not found' });
      item.processed = true;
      return send(200, this.mediaJson(media[1] ?? '', true));
    }
    return send(404, { error: 'Record not found' });
  }

  private async createStatus(req: http.IncomingMessage, raw: Buffer, send: (status: number, body: unknown) => void): Promise<void> {
    const params = await readParams(req, raw);
    if (this.failReplies > 0 && typeof params['in_reply_to_id'] === 'string') {
      this.failReplies--;
      return send(503, { error: 'Service Unavailable' });
    }
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    if (key) {
      const earlier = this.keys.get(key);
      if (earlier && this.now() - earlier.at < IDEMPOTENCY_TTL_MS) {
        const status = this.statuses.find((s) => s.id === earlier.statusId);
        if (status) return send(200, this.statusJson(status));
      }
    }
    const text = typeof params['status'] === 'string' ? params['status'] : '';
    const mediaIds = toList(params['media_ids']);
    if (text.trim() === '' && mediaIds.length === 0) return send(422, { error: "Validation failed: Text can't be blank" });
    const visibility = typeof params['visibility'] === 'string' ? params['visibility'] : 'public';
    if (!VISIBILITIES.includes(visibility)) return send(422, { error: `'${visibility}' is not a valid visibility` });
    const spoiler = typeof params['spoiler_text'] === 'string' ? params['spoiler_text'] : '';
    if (FakeMastodon.count(spoiler + text) > this.maxCharacters) {
      return send(422, { error: `Validation failed: Text character limit of ${this.maxCharacters} exceeded` });
    }
    const inReplyToId = typeof params['in_reply_to_id'] === 'string' ? params['in_reply_to_id'] : null;
    if (inReplyToId && !this.statuses.some((s) => s.id === inReplyToId)) return send(404, { error: 'Record not found' });
    for (const id of mediaIds) {
      const item = this.media.get(id);
      if (!item) return send(422, { error: 'Validation failed: Media attachments is invalid' });
      if (!item.processed) return send(422, { error: 'Cannot attach files that have not finished processing. Try again in a moment!' });
    }
    const status: FakeStatus = {
      id: String(this.nextId++),
      text,
      visibility,
      language: typeof params['language'] === 'string' ? params['language'] : null,
      inReplyToId,
      mediaIds,
      idempotencyKey: key,
    };
    this.statuses.push(status);
    if (key) this.keys.set(key, { statusId: status.id, at: this.now() });
    send(200, this.statusJson(status));
  }

  private async createMedia(req: http.IncomingMessage, raw: Buffer, send: (status: number, body: unknown) => void): Promise<void> {
    if (!String(req.headers['content-type']).startsWith('multipart/form-data')) return send(422, { error: 'Validation failed: File is missing' });
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: new Uint8Array(raw) }).formData();
    const file = form.get('file');
    if (!(file instanceof Blob) || file.size === 0) return send(422, { error: "Validation failed: File can't be blank" });
    const id = String(this.nextId++);
    this.media.set(id, { description: String(form.get('description') ?? ''), bytes: file.size, processed: false });
    // Like Mastodon for large files: 202, processed later (the URL is null until then).
    send(202, this.mediaJson(id, false));
  }

  private instance(): unknown {
    return {
      domain: new URL(this.url).host,
      title: 'Fake Mastodon',
      version: '4.2.10',
      source_url: 'https://github.com/mastodon/mastodon',
      configuration: {
        urls: { streaming: this.url.replace('http', 'ws') },
        accounts: { max_featured_tags: 10 },
        statuses: { max_characters: this.maxCharacters, max_media_attachments: 4, characters_reserved_per_url: 23 },
        media_attachments: { supported_mime_types: ['image/png', 'image/jpeg'], image_size_limit: 16777216 },
        polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
      },
    };
  }

  private account(): Record<string, unknown> {
    return { id: '1', username: 'xmpp', acct: 'xmpp', display_name: 'XMPP', url: `${this.url}/@xmpp`, created_at: '2017-04-01T00:00:00.000Z', followers_count: 0, following_count: 0, statuses_count: this.statuses.length, note: '', avatar: '', header: '', locked: false, bot: false, emojis: [], fields: [] };
  }

  private mediaJson(id: string, processed: boolean): unknown {
    const item = this.media.get(id);
    return { id, type: 'image', url: processed ? `${this.url}/media/${id}.png` : null, preview_url: `${this.url}/media/${id}-small.png`, remote_url: null, description: item?.description ?? null, blurhash: null, meta: {} };
  }

  private statusJson(status: FakeStatus): unknown {
    const url = `${this.url}/@xmpp/${status.id}`;
    return {
      id: status.id, created_at: new Date(this.now()).toISOString(), in_reply_to_id: status.inReplyToId, in_reply_to_account_id: status.inReplyToId ? '1' : null,
      sensitive: false, spoiler_text: '', visibility: status.visibility, language: status.language, uri: `${this.url}/users/xmpp/statuses/${status.id}`, url,
      replies_count: 0, reblogs_count: 0, favourites_count: 0, content: `<p>${escapeHtml(status.text).replace(/\n/g, '<br />')}</p>`,
      reblog: null, account: this.account(), media_attachments: status.mediaIds.map((id) => this.mediaJson(id, true)), mentions: [], tags: [], emojis: [], card: null, poll: null,
    };
  }
}

async function readParams(req: http.IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString('utf8') || '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const params: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) {
      if (k.endsWith('[]')) params[k.slice(0, -2)] = [...toList(params[k.slice(0, -2)]), v];
      else params[k] = v;
    }
    return params;
  }
  return {};
}

function toList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
