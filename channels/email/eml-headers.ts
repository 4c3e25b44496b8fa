// The header block of the sample .eml, unfolded and with RFC 2047 words
// decoded, so a reviewer reads what a mail client would display.

export interface MailHeader {
  readonly name: string;
  /** As a client displays it (encoded words decoded). */
  readonly value: string;
  /** As written in the message (unfolded). */
  readonly raw: string;
}

export function parseEmlHeaders(eml: string): MailHeader[] {
  const end = eml.search(/\r?\n\r?\n/);
  const block = end === -1 ? eml : eml.slice(0, end);
  const headers: MailHeader[] = [];
  for (const line of block.split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    headers.push({ name: line.slice(0, colon).trim(), value: decodeWords(raw), raw });
  }
  return headers;
}

const WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/** RFC 2047: adjacent encoded words are joined without the whitespace between them. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(WORD, (whole, charset: string, encoding: string, text: string) => {
      try {
        const bytes = encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
        return new TextDecoder(charset.toLowerCase(), { fatal: false }).decode(bytes);
      } catch {
        return whole;
      }
    });
}
