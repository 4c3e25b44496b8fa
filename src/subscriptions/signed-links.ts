// Links that carry their own proof. The unsubscribe token is the one the
// email channel already puts in List-Unsubscribe (src/unsubscribe-token.ts),
// so a URL from a received message works here. The confirmation token signs
// address, language and expiry with a key derived for that one purpose.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { unsubscribeToken } from '../unsubscribe-token.js';

/** Confirmation links expire after two days (RFC-less convention: long enough for a weekend). */
export const CONFIRM_TTL_MS = 48 * 3600 * 1000;

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  // Compare same-length digests so the length of the secret value leaks nothing either.
  const hx = createHmac('sha256', 'compare').update(x).digest();
  const hy = createHmac('sha256', 'compare').update(y).digest();
  return timingSafeEqual(hx, hy) && x.length === y.length;
}

export function checkUnsubscribeToken(secret: string, address: string, token: string): boolean {
  return safeEqual(unsubscribeToken(secret, address), token);
}

function confirmSignature(secret: string, address: string, language: string, expires: number): string {
  return createHmac('sha256', secret).update(`confirm\0${address.toLowerCase()}\0${language}\0${expires}`).digest('base64url');
}

export interface ConfirmLink {
  readonly email: string;
  readonly language: string;
  readonly expires: number;
  readonly token: string;
}

export function confirmLink(secret: string, address: string, language: string, now: number): ConfirmLink {
  const expires = now + CONFIRM_TTL_MS;
  return { email: address, language, expires, token: confirmSignature(secret, address, language, expires) };
}

export function confirmQuery(link: ConfirmLink): string {
  const query = new URLSearchParams({ email: link.email, lang: link.language, expires: String(link.expires), token: link.token });
  return query.toString();
}

export type ConfirmCheck = 'ok' | 'expired' | 'invalid';

export function checkConfirm(secret: string, link: ConfirmLink, now: number): ConfirmCheck {
  if (!Number.isSafeInteger(link.expires)) return 'invalid';
  if (!safeEqual(confirmSignature(secret, link.email, link.language, link.expires), link.token)) return 'invalid';
  return link.expires < now ? 'expired' : 'ok';
}
