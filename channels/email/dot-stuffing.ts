// A fast path for nodemailer's SMTP DATA stream (issue 18). nodemailer
// checks every byte of every message in JavaScript for dot-stuffing and
// line-ending repair: for a 56 KB newsletter that scan was the largest
// single cost of a send (27 % of all CPU, bench/email.bench.mjs --profile).
// Our messages never need either (CRLF only; quoted-printable encodes a "."
// that would start a line), and a chunk that needs nothing is passed on
// unchanged by nodemailer too. So a chunk is first checked with indexOf
// (native, per line rather than per byte); only if it provably needs
// nothing is it passed on here, otherwise nodemailer's own code runs. The
// output is byte-identical either way (tests/channels/email/dot-stuffing.test.ts).
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { isMarkedClean, needsNoStuffing } from './clean-data.js';

/** The fields of nodemailer's DataStream the fast path keeps as nodemailer would. */
export interface DataStreamState {
  inByteCount: number;
  outByteCount: number;
  lastByte: number | false;
  push(chunk: Buffer): boolean;
}

type TransformFn = (this: DataStreamState, chunk: unknown, encoding: BufferEncoding, done: (error?: Error | null) => void) => void;

/** nodemailer's `_transform` with the fast path in front of it. */
export function withFastPath(slow: TransformFn): TransformFn {
  return function fastTransform(this: DataStreamState, chunk, encoding, done) {
    const clean = Buffer.isBuffer(chunk) && ((this.lastByte === false && isMarkedClean(chunk)) || needsNoStuffing(chunk, this.lastByte));
    if (!clean) return slow.call(this, chunk, encoding, done);
    this.inByteCount += chunk.length;
    this.outByteCount += chunk.length;
    this.push(chunk);
    this.lastByte = chunk[chunk.length - 1];
    done();
  };
}

let installed: boolean | undefined;

/**
 * Put the fast path in front of every DATA stream nodemailer creates.
 * Relies on SMTPConnection's internal `_createSendStream`; when a nodemailer
 * version lacks it (or its stream lacks the fields), nothing is changed and
 * nodemailer's own scan runs. Returns whether the fast path is active.
 */
export function installDotStuffingFastPath(): boolean {
  if (installed !== undefined) return installed;
  const proto = SMTPConnection.prototype as unknown as { _createSendStream?: (this: unknown, callback: unknown) => DataStreamState & { _transform?: TransformFn } };
  const create = proto._createSendStream;
  installed = typeof create === 'function';
  if (!create) return installed;
  proto._createSendStream = function createSendStream(this: unknown, callback: unknown) {
    const stream = create.call(this, callback);
    if (typeof stream._transform === 'function' && typeof stream.inByteCount === 'number' && 'lastByte' in stream) {
      stream._transform = withFastPath(stream._transform);
    }
    return stream;
  };
  return installed;
}
