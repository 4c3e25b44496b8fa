// Does a message need SMTP dot-stuffing or line-ending repair? (RFC 5321
// §4.5.2). Pure checks with indexOf (native, per line rather than per byte),
// and a record of whole messages assembled from checked pieces, so the DATA
// fast path (dot-stuffing.ts) need not scan them again. Kept free of
// nodemailer so the renderer can use it without loading the SMTP client.
const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/**
 * True when nodemailer's DataStream would insert nothing into `chunk`:
 * no bare CR, no bare LF, no "." at a line start. `lastByte` is the last
 * byte of the previous chunk (false at the start of the message).
 */
export function needsNoStuffing(chunk: Uint8Array, lastByte: number | false): boolean {
  const length = chunk.length;
  if (length === 0) return false;
  if (lastByte === CR && chunk[0] !== LF) return false;
  if (chunk[0] === DOT && (lastByte === LF || lastByte === false)) return false;
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, length);
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) {
    if ((i === 0 ? lastByte : bytes[i - 1]) !== CR) return false;
    if (i + 1 < length && bytes[i + 1] === DOT) return false;
  }
  // A CR as the last byte is judged with the next chunk, as nodemailer does.
  for (let i = bytes.indexOf(CR); i !== -1 && i + 1 < length; i = bytes.indexOf(CR, i + 1)) {
    if (bytes[i + 1] !== LF) return false;
  }
  return true;
}

/**
 * Whole messages known to need no stuffing, checked piece by piece when they
 * were assembled (markIfClean): the fast path then costs one lookup instead
 * of a scan. Weak: a sent message is garbage as usual.
 */
const cleanMessages = new WeakSet<Buffer>();

/** Whether markIfClean recorded this very buffer. */
export function isMarkedClean(message: Buffer): boolean {
  return cleanMessages.has(message);
}

/**
 * Record `message` (the concatenation of `pieces`) as needing no stuffing when
 * it is so: `insideClean[i]` is insideClean(piece i), computed once per send
 * for the static pieces; every junction between pieces is checked here from
 * the bytes on either side.
 */
export function markIfClean(message: Buffer, pieces: readonly Buffer[], insideClean: readonly boolean[]): boolean {
  if (message.length === 0) return false;
  let last: number | false = false;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece.length === 0) continue;
    if (!(insideClean[i] ?? insidePiece(piece))) return false;
    if (!needsNoStuffing(piece.subarray(0, 2), last)) return false;
    last = piece[piece.length - 1];
  }
  // A trailing CR would be judged by the terminator nodemailer appends: leave that to nodemailer.
  if (last === CR) return false;
  cleanMessages.add(message);
  return true;
}

/** needsNoStuffing for every pair of adjacent bytes inside a piece; its first byte's context is the junction's (see markIfClean). */
export function insideClean(piece: Uint8Array): boolean {
  return insidePiece(piece);
}

function insidePiece(piece: Uint8Array): boolean {
  return piece.length <= 1 || needsNoStuffing(piece.subarray(1), piece[0]);
}
