// RFC 5322 / RFC 2047 header encoding for the few headers we write by hand.
const ATEXT_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]*$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * RFC 2047 B-encoded words, split on character boundaries. 39 bytes per word
 * make 64-character words: with a header name up to "Reply-To: " before the
 * first and one space of folding before the others, lines stay within 78.
 */
export function encodeWords(text: string, maxBytes = 39): string[] {
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > maxBytes) {
      words.push(`=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk !== '' || words.length === 0) words.push(`=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`);
  return words;
}

/** Fold an ASCII header at spaces so lines stay near 78 characters. */
export function foldHeader(name: string, value: string): string {
  const words = value.split(' ');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of words) {
    if (line.length + 1 + word.length > 78 && line.length > name.length + 1) {
      lines.push(line);
      line = ` ${word}`;
    } else {
      line += ` ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\r\n');
}

export function unstructured(name: string, value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ').trim();
  if (PRINTABLE_ASCII.test(clean) && !/=\?/.test(clean)) return foldHeader(name, clean);
  return `${name}: ${encodeWords(clean).join('\r\n ')}`;
}

/** `Display Name <address>` with the name quoted or encoded as needed. */
export function mailbox(name: string | undefined, address: string): string {
  const display = (name ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (display === '') return `<${address}>`;
  if (ATEXT_PHRASE.test(display)) return `${display} <${address}>`;
  if (PRINTABLE_ASCII.test(display)) return `"${display.replace(/["\\]/g, '\\$&')}" <${address}>`;
  // Folded between encoded words (the fold's whitespace is not part of the
  // decoded name, RFC 2047 §6.2), the address on its own line when needed.
  const words = encodeWords(display);
  const last = words.length === 1 ? `From: ${words[0]}` : ` ${words[words.length - 1]}`;
  const separator = last.length + 3 + address.length > 78 ? '\r\n ' : ' ';
  return `${words.join('\r\n ')}${separator}<${address}>`;
}

/** Split `Name <a@b>` into its parts. */
export function parseMailbox(value: string): { name?: string; address: string } {
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (!match) return { address: value.trim() };
  const name = match[1].replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1').trim();
  return { name: name || undefined, address: match[2].trim() };
}

/** RFC 5322 date-time in UTC. */
export function rfc5322Date(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return date.toUTCString().replace(/GMT$/, '+0000');
}
