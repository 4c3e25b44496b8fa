// Per-recipient values. The message is rendered once with reserved tokens in
// their place; sending substitutes them (never a re-render). HMACs keyed by
// UNSUBSCRIBE_SECRET give the unsubscribe token and the journal id, so the
// journal never holds an address.
import { createHash, createHmac } from 'node:crypto';
import { unsubscribeToken } from '../../src/unsubscribe-token.js';

export type Slot = 'to' | 'messageId' | 'listUnsubscribe' | 'unsubscribeText' | 'unsubscribeHtml';

export interface Tokens {
  /** Placeholder put into the HTML template for the unsubscribe URL (HTML-escaped form). */
  readonly unsubscribeHtml: string;
  /** Placeholder put into the plain-text part for the unsubscribe URL. */
  readonly unsubscribeText: string;
}

/**
 * Tokens carry a digest of the issue content, so an issue cannot contain them
 * by accident (or on purpose: a body quoting "%%np-…%%" is not substituted).
 */
export function makeTokens(seed: string): Tokens {
  const tag = createHash('sha256').update(seed).digest('hex').slice(0, 12);
  return { unsubscribeHtml: `%%np-${tag}-unsubscribe-html%%`, unsubscribeText: `%%np-${tag}-unsubscribe-text%%` };
}

function hmac(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\0${value}`).digest('base64url');
}

export function unsubscribeUrl(base: string, secret: string, address: string): string {
  const separator = base.includes('?') ? '&' : '?';
  return `${base}${separator}email=${encodeURIComponent(address)}&token=${unsubscribeToken(secret, address)}`;
}

/** Journal id of a recipient for one issue: 128 bits, no address in clear. */
export function recipientId(secret: string, issueId: string, address: string): string {
  return hmac(secret, `journal\0${issueId}`, address.toLowerCase()).slice(0, 22);
}

/**
 * Check value written as the journal's first line: journal ids are HMACs
 * keyed by the secret, so a journal read with another secret matches nobody
 * and would re-send to everyone. Resuming compares this value first.
 */
export function journalCheck(secret: string): string {
  return hmac(secret, 'journal-check', '').slice(0, 22);
}

export function shortHash(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
