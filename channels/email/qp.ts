// Quoted-printable (RFC 2045 §6.7) that keeps reserved tokens whole. A token
// always starts a new encoded line and its substitute ends with a soft break,
// so a per-recipient value of any length can be spliced in without
// re-encoding the body (issue #3: never a re-render per recipient).
const MAX_LINE = 76;
const HEX = '0123456789ABCDEF';

export class QpWriter {
  private readonly out: string[] = [];
  private column = 0;

  private push(piece: string): void {
    // Soft break when the piece would overflow the line ("=" needs the last column).
    if (this.column + piece.length > MAX_LINE - 1) {
      this.out.push('=\r\n');
      this.column = 0;
    }
    this.out.push(piece);
    this.column += piece.length;
  }

  /** Encode text (any line endings) continuing the current line. */
  write(text: string): void {
    const bytes = Buffer.from(text.replace(/\r\n?/g, '\n'), 'utf8');
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0x0a) {
        this.out.push('\r\n');
        this.column = 0;
        continue;
      }
      const atLineEnd = i + 1 === bytes.length || bytes[i + 1] === 0x0a;
      const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !atLineEnd);
      if (!literal) {
        this.push(`=${HEX[b >> 4]}${HEX[b & 15]}`);
        continue;
      }
      // Decide the soft break first: the guard below must see the column the
      // character really lands in, including column 0 right after a soft break.
      if (this.column + 1 > MAX_LINE - 1) {
        this.out.push('=\r\n');
        this.column = 0;
      }
      // A "." alone at the start of a line survives SMTP dot-stuffing, but some
      // gateways mishandle it; "From " at a line start gets mangled by mbox tools.
      const guarded = this.column === 0 && (b === 0x2e || (b === 0x46 && bytes.subarray(i, i + 5).toString('latin1') === 'From '));
      this.push(guarded ? `=${HEX[b >> 4]}${HEX[b & 15]}` : String.fromCharCode(b));
    }
  }

  /** Position for a token: flush to a fresh line so the substitute starts at column 0. */
  breakForToken(): void {
    if (this.column > 0) {
      this.out.push('=\r\n');
      this.column = 0;
    }
  }

  take(): string {
    const text = this.out.join('');
    this.out.length = 0;
    return text;
  }

  /** Text written so far ends at column 0 after a token substitute. */
  resetColumn(): void {
    this.column = 0;
  }
}

/** A substitute value encoded on lines of its own, ending with a soft break. */
export function encodeQpValue(value: string): string {
  const writer = new QpWriter();
  writer.write(value.replace(/[\r\n]+/g, ' '));
  return `${writer.take()}=\r\n`;
}

export function encodeQp(text: string): string {
  const writer = new QpWriter();
  writer.write(text);
  return writer.take();
}
