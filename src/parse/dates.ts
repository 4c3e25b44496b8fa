// Front-matter dates: bare `2020-11-05`, Pelican `2019-05-03 9:00` (one-digit
// hour, no zone), or full ISO timestamps. Dates without an offset are wall-clock
// times in the site's zone, converted to an instant with Intl (no date library).

const BARE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO instant (UTC) or undefined when the text is not a date we understand. */
export function parseFrontMatterDate(text: string, timeZone: string): string | undefined {
  const value = text.trim();
  let match = BARE.exec(value);
  if (match) return localToInstant(+match[1], +match[2], +match[3], 0, 0, 0, timeZone);
  match = LOCAL.exec(value);
  if (match) return localToInstant(+match[1], +match[2], +match[3], +match[4], +match[5], +(match[6] ?? 0), timeZone);
  if (ZONED.test(value)) {
    const normalised = value.replace(' ', 'T').replace(/T(\d):/, 'T0$1:').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = Date.parse(normalised);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  return undefined;
}

function localToInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(guess);
  if (check.getUTCDate() !== d) return undefined; // 2021-02-30 and friends
  // Two passes settle DST transitions: the offset at the guess, then at the corrected instant.
  let instant = guess - zoneOffset(guess, timeZone);
  instant = guess - zoneOffset(instant, timeZone);
  return new Date(instant).toISOString();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the zone is ahead of UTC at the instant. */
function zoneOffset(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** `YYYY`, `MM`, `DD` of an instant as seen in the zone (for permalinks and ids). */
export function zonedParts(iso: string, timeZone: string): { year: string; month: string; day: string } {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(iso))) parts[part.type] = part.value;
  return { year: parts.year, month: parts.month, day: parts.day };
}
