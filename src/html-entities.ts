// HTML5 names that hide URL syntax (`javascript&colon;`, `java&Tab;script:`) and the common text ones.
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  colon: ':', tab: '\t', newline: '\n', sol: '/', lpar: '(', rpar: ')', period: '.', comma: ',',
  excl: '!', quest: '?', num: '#', percnt: '%', equals: '=', semi: ';', commat: '@', plus: '+',
};

/**
 * Decodes the character references HTML text and attribute values carry in
 * practice: the five XML entities, `&nbsp;`, the punctuation names above and
 * numeric references, with or without the `;` (browsers accept both). One
 * place for the parser's plain text, the URL policy and the channels.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#[xX]([0-9a-fA-F]{1,8});?|#(\d{1,10});?|([a-zA-Z]+);)/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
    const n = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
    return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
  });
}
