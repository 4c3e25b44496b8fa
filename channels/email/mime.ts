// The message is compiled once into static byte runs and slots; each
// recipient's message is those runs with five small values spliced in
// (To, Message-ID, List-Unsubscribe, and the unsubscribe URL in each part).
import { insideClean, markIfClean } from './clean-data.js';
import { escapeHtml } from './template-engine.js';
import { foldHeader, mailbox, parseMailbox, unstructured } from './headers.js';
import { encodeQpValue, QpWriter } from './qp.js';
import type { Slot, Tokens } from './tokens.js';

export interface MessageSpec {
  readonly from: { readonly name?: string; readonly address: string };
  readonly replyTo?: string;
  readonly subject: string;
  /** RFC 5322 date-time. */
  readonly date: string;
  readonly listId: string;
  readonly unsubscribeMailto?: string;
  readonly html: string;
  readonly text: string;
  readonly tokens: Tokens;
  /** Deterministic boundary (derived from the content) so the sample .eml is byte-stable. */
  readonly boundary: string;
}

export interface CompiledMessage {
  /** parts.length === slots.length + 1 */
  readonly parts: readonly Buffer[];
  readonly slots: readonly Slot[];
  readonly mailto?: string;
  /** Per part: no dot-stuffing or line-ending repair needed inside it (checked once, see dot-stuffing.ts). */
  readonly partsClean?: readonly boolean[];
}

export interface RecipientValues {
  readonly address: string;
  readonly name?: string;
  /** With angle brackets. */
  readonly messageId: string;
  readonly unsubscribeUrl: string;
}

class Assembler {
  readonly parts: Buffer[] = [];
  readonly slots: Slot[] = [];
  private pending: string[] = [];

  text(value: string): void {
    this.pending.push(value);
  }

  slot(slot: Slot): void {
    this.parts.push(Buffer.from(this.pending.join(''), 'utf8'));
    this.pending = [];
    this.slots.push(slot);
  }

  finish(): { parts: Buffer[]; slots: Slot[] } {
    this.parts.push(Buffer.from(this.pending.join(''), 'utf8'));
    return { parts: this.parts, slots: this.slots };
  }
}

/** Quoted-printable body with the given token replaced by a slot wherever it occurs. */
function encodeBody(assembler: Assembler, body: string, token: string, slot: Slot): void {
  const writer = new QpWriter();
  const pieces = body.split(token);
  pieces.forEach((piece, i) => {
    writer.write(piece);
    if (i < pieces.length - 1) {
      writer.breakForToken();
      assembler.text(writer.take());
      assembler.slot(slot);
      writer.resetColumn();
    }
  });
  assembler.text(writer.take());
}

export function compileMessage(spec: MessageSpec): CompiledMessage {
  const a = new Assembler();
  const crlf = '\r\n';
  a.text(`From: ${mailbox(spec.from.name, spec.from.address)}${crlf}`);
  a.text('To: ');
  a.slot('to');
  a.text(crlf);
  if (spec.replyTo) {
    // Same encoding as From/To: a non-ASCII display name becomes RFC 2047 words.
    const reply = parseMailbox(spec.replyTo);
    a.text(`Reply-To: ${mailbox(reply.name, reply.address)}${crlf}`);
  }
  a.text(`${unstructured('Subject', spec.subject)}${crlf}`);
  a.text(`Date: ${spec.date}${crlf}`);
  a.text('Message-ID: ');
  a.slot('messageId');
  a.text(crlf);
  a.text(`${foldHeader('List-Id', spec.listId)}${crlf}`);
  a.text('List-Unsubscribe: ');
  a.slot('listUnsubscribe');
  a.text(crlf);
  a.text(`List-Unsubscribe-Post: List-Unsubscribe=One-Click${crlf}`);
  a.text(`Auto-Submitted: auto-generated${crlf}`);
  a.text(`MIME-Version: 1.0${crlf}`);
  a.text(`Content-Type: multipart/alternative;${crlf} boundary="${spec.boundary}"${crlf}${crlf}`);
  a.text(`--${spec.boundary}${crlf}Content-Type: text/plain; charset=utf-8${crlf}Content-Transfer-Encoding: quoted-printable${crlf}${crlf}`);
  encodeBody(a, spec.text, spec.tokens.unsubscribeText, 'unsubscribeText');
  a.text(`${crlf}--${spec.boundary}${crlf}Content-Type: text/html; charset=utf-8${crlf}Content-Transfer-Encoding: quoted-printable${crlf}${crlf}`);
  encodeBody(a, spec.html, spec.tokens.unsubscribeHtml, 'unsubscribeHtml');
  a.text(`${crlf}--${spec.boundary}--${crlf}`);
  const { parts, slots } = a.finish();
  return { parts, slots, mailto: spec.unsubscribeMailto, partsClean: parts.map(insideClean) };
}

function slotValue(slot: Slot, values: RecipientValues, mailto: string | undefined): string {
  switch (slot) {
    case 'to':
      return mailbox(values.name, values.address);
    case 'messageId':
      return values.messageId;
    case 'listUnsubscribe':
      // One header, https first then mailto (RFC 8058 §3.1; RFC 2369).
      return mailto ? `<${values.unsubscribeUrl}>,\r\n <mailto:${mailto}?subject=unsubscribe>` : `<${values.unsubscribeUrl}>`;
    case 'unsubscribeText':
      return encodeQpValue(values.unsubscribeUrl);
    case 'unsubscribeHtml':
      return encodeQpValue(escapeHtml(values.unsubscribeUrl));
  }
}

/** One recipient's message: the compiled runs with that recipient's values spliced in. */
export function personalize(message: CompiledMessage, values: RecipientValues): Buffer {
  const chunks: Buffer[] = [message.parts[0]];
  const clean: boolean[] = [message.partsClean?.[0] ?? insideClean(message.parts[0])];
  let length = message.parts[0].length;
  for (let i = 0; i < message.slots.length; i++) {
    const value = Buffer.from(slotValue(message.slots[i], values, message.mailto), 'utf8');
    const next = message.parts[i + 1];
    chunks.push(value, next);
    clean.push(insideClean(value), message.partsClean?.[i + 1] ?? insideClean(next));
    length += value.length + next.length;
  }
  const raw = Buffer.concat(chunks, length);
  // The SMTP DATA fast path then skips its scan of this message (the static parts were checked once).
  markIfClean(raw, chunks, clean);
  return raw;
}
