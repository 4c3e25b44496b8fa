// Mojibake is UTF-8 bytes decoded as a single-byte code page: `â€™` for `’`
// (Windows-1252), `√†` for `à` (Mac Roman). We re-encode each suspicious run
// with the code page's own table (iconv-lite's: Node's TextDecoder treats
// windows-1252 as Latin-1) and keep it only when the bytes form valid UTF-8.
import iconv from 'iconv-lite';

const CODE_PAGES = ['win1252', 'macintosh'] as const;
type CodePage = (typeof CODE_PAGES)[number];

const encoders = new Map<CodePage, Map<string, number>>();

function encoder(page: CodePage): Map<string, number> {
  let table = encoders.get(page);
  if (!table) {
    table = new Map();
    for (let byte = 0x80; byte <= 0xff; byte++) {
      const char = iconv.decode(Buffer.from([byte]), page);
      if (char !== '\ufffd' && !table.has(char)) table.set(char, byte);
    }
    encoders.set(page, table);
  }
  return table;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// A run of non-ASCII characters, allowing the ASCII-range bytes that appear
// inside some sequences (none for 2–4 byte UTF-8: continuation bytes are ≥ 0x80).
const RUN = /[^\x00-\x7f]{2,}/g;

// What real mojibake decodes to: accented Latin letters, typographic
// punctuation, common symbols and emoji. Correct text can also re-encode into
// valid UTF-8 by accident (French `l’état` → Armenian `Վ` through Mac Roman);
// a repair into any other script is that accident, not a fix.
const PLAUSIBLE = /^(?:[\u00a0-\u024f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f\u2190-\u21ff\u2600-\u27bf]|\ud83c[\udf00-\udfff]|\ud83d[\udc00-\udeff]|\ud83e[\udd00-\uddff])+$/;

export interface Mojibake {
  readonly text: string;
  readonly fix: string;
  readonly index: number;
  readonly codePage: CodePage;
}

export function findMojibake(text: string): Mojibake[] {
  const found: Mojibake[] = [];
  for (const match of text.matchAll(RUN)) {
    const run = match[0];
    for (const page of CODE_PAGES) {
      const fixed = repairRun(run, page);
      if (fixed) {
        found.push({ text: fixed.bad, fix: fixed.good, index: (match.index ?? 0) + fixed.start, codePage: page });
        break;
      }
    }
  }
  return found;
}

/** Finds the longest repairable stretch inside a run of non-ASCII characters. */
function repairRun(run: string, page: CodePage): { bad: string; good: string; start: number } | undefined {
  const table = encoder(page);
  const chars = [...run];
  for (let start = 0; start < chars.length - 1; start++) {
    const bytes: number[] = [];
    for (let end = start; end < chars.length; end++) {
      const byte = table.get(chars[end]);
      if (byte === undefined) break;
      bytes.push(byte);
    }
    // Try the longest prefix that decodes, down to one 2-byte sequence.
    for (let length = bytes.length; length >= 2; length--) {
      try {
        const good = strictUtf8.decode(new Uint8Array(bytes.slice(0, length)));
        if (PLAUSIBLE.test(good)) {
          return { bad: chars.slice(start, start + length).join(''), good, start: chars.slice(0, start).join('').length };
        }
      } catch {
        // not UTF-8 at this length
      }
    }
  }
  return undefined;
}
