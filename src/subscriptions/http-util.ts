// Small HTTP helpers for the service: bounded bodies, security headers, the
// client address behind a reverse proxy.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const BODY_LIMIT = 16 * 1024;

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Reads at most BODY_LIMIT bytes; a larger body is refused with 413 before it is buffered. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > BODY_LIMIT) throw new HttpError(413, 'body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new HttpError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Form or JSON fields as strings; anything else is an empty record. */
export function parseFields(req: IncomingMessage, body: string): Record<string, string> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      throw new HttpError(400, 'invalid JSON');
    }
    const out: Record<string, string> = {};
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
    }
    return out;
  }
  return Object.fromEntries(new URLSearchParams(body));
}

export function securityHeaders(res: ServerResponse, https: boolean): void {
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // The URLs carry tokens and addresses: never hand them to another site.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}

/**
 * The client's address. Behind a reverse proxy on the same machine the
 * socket is loopback and the proxy appends the real client last to
 * X-Forwarded-For; from anywhere else the header is not trusted.
 */
export function clientAddress(req: IncomingMessage): string {
  const remote = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
  if (loopback && typeof forwarded === 'string' && forwarded.trim() !== '') {
    const parts = forwarded.split(',').map((p) => p.trim()).filter(Boolean);
    return parts[parts.length - 1] ?? remote;
  }
  return remote;
}
