// When an issue goes out: its date (front matter, else the file name) and
// whether it is a draft. Shared by the full parser and by the quick scan that
// finds the newest ready issue without rendering every body.
import { parseFrontMatterDate } from './dates.js';
import type { FrontMatterValue } from './front-matter.js';

const FILE_DATE = /(?:^|\/)(\d{4}-\d{2}-\d{2})[-_]/;

export interface Schedule {
  readonly draft: boolean;
  /** ISO instant, when one could be read. */
  readonly date?: string;
  /** The front-matter text that is not a date. */
  readonly invalidDate?: string;
  /** Set when the date came from the file name because the front matter has none. */
  readonly dateFromFileName?: string;
}

export function scheduleOf(data: Readonly<Record<string, FrontMatterValue>>, source: string, timeZone: string): Schedule {
  const draft = data.draft === true || String(data.draft ?? '').toLowerCase() === 'true' || String(data.status ?? '').toLowerCase() === 'draft';
  const raw = data.date;
  if (raw !== undefined && raw !== null && raw !== '') {
    const date = parseFrontMatterDate(String(raw), timeZone);
    return date ? { draft, date } : { draft, invalidDate: String(raw) };
  }
  const fromName = FILE_DATE.exec(source)?.[1];
  if (fromName) return { draft, date: parseFrontMatterDate(fromName, timeZone), dateFromFileName: fromName };
  return { draft };
}
