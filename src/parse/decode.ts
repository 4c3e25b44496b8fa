// Bytes to text, refusing what is not a UTF-8 text file with the line of the
// first bad byte, so the author knows where to look.
const strict = new TextDecoder('utf-8', { fatal: true });

export type Decoded = { ok: true; text: string } | { ok: false; line: number; message: string };

export function decodeSource(bytes: Uint8Array): Decoded {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, line: lineOfByte(bytes, nul), message: 'file is binary (it contains NUL bytes), not a Markdown text file' };
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const line = firstInvalidLine(bytes);
    return { ok: false, line, message: `file is not valid UTF-8 (line ${line}): re-save it as UTF-8` };
  }
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function firstInvalidLine(bytes: Uint8Array): number {
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    try {
      strict.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
    line++;
  }
  return line;
}
