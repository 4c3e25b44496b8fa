// The payload and the compiled message of a send: what a send worker needs,
// without the renderer (MJML, juice, html-to-text), which would cost each
// worker thread its load time for nothing.
import { parseMailbox } from './headers.js';
import { compileMessage, type CompiledMessage } from './mime.js';
import type { EmailOptions } from './options.js';
import { shortHash, type Tokens } from './tokens.js';

/** Everything publish needs; plain JSON so the ledger can hash it. */
export interface EmailPayload {
  readonly issueId: string;
  readonly issueKey: string;
  readonly source: string;
  readonly subject: string;
  /** HTML with the unsubscribe token in place of the recipient's URL. */
  readonly html: string;
  readonly text: string;
  readonly tokens: Tokens;
  readonly boundary: string;
  /** Date header of the sample message (live sends use the send time). */
  readonly date: string;
  readonly htmlBytes: number;
  /** Language of this message (the issue's). */
  readonly language?: string;
  /**
   * A translation set (src/translations): the messages of its ready translations by
   * language; this payload is the original's. Each reader gets one: their language, else the original.
   */
  readonly translations?: readonly EmailPayload[];
  /** Only readers of these languages are sent to (a translation merged after the set went out); [] = nobody. */
  readonly audience?: readonly string[];
}

export function fromParts(options: EmailOptions): { name?: string; address: string; domain: string } {
  const { name, address } = parseMailbox(options.from);
  return { name, address, domain: address.slice(address.lastIndexOf('@') + 1) };
}

export function messageIdFor(payload: Pick<EmailPayload, 'issueId'>, id: string, domain: string): string {
  return messageIds(payload, domain)(id);
}

/** Message-IDs of one send: the issue's hash is computed once, not per recipient. */
export function messageIds(payload: Pick<EmailPayload, 'issueId'>, domain: string): (id: string) => string {
  const prefix = `<${shortHash(payload.issueId, 16)}.`;
  const suffix = `@${domain}>`;
  return (id) => prefix + id + suffix;
}

export function compileFor(payload: EmailPayload, options: EmailOptions, overrides: { subject?: string; date?: string } = {}): CompiledMessage {
  const from = fromParts(options);
  return compileMessage({
    from: { name: from.name, address: from.address },
    replyTo: options.replyTo,
    subject: overrides.subject ?? payload.subject,
    date: overrides.date ?? payload.date,
    listId: options.listId,
    unsubscribeMailto: options.unsubscribeMailto,
    html: payload.html,
    text: payload.text,
    tokens: payload.tokens,
    boundary: payload.boundary,
  });
}
