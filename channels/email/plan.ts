// The send plan printed by dry runs: who would receive the issue, over how
// many connections, and roughly how long it takes at the configured rate.
import { accessSync, constants, statSync } from 'node:fs';
import { formatKb, type EmailPayload } from './render.js';
import type { EmailOptions } from './options.js';
import { countList, type ListCount } from './count-list.js';
import { inAudience, languageFor } from './reader-language.js';
import type { SetRender } from './set-render.js';

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// The plan (render) counts the list once; publish in the same process reads
// the total from here for its progress bar instead of reading the list again.
// Keyed by the files' size and mtime, so an edited list is counted afresh.
const counted = new Map<string, ListCount>();

function countKey(options: EmailOptions): string | undefined {
  try {
    const files = [options.subscribers, options.suppression].filter((f): f is string => f !== undefined);
    return files.map((f) => { const st = statSync(f); return `${f}:${st.size}:${st.mtimeMs}`; }).join('|');
  } catch {
    return undefined;
  }
}

/** Valid recipients of the list as the plan counted them, if it did in this process. */
export function countedRecipients(options: EmailOptions): number | undefined {
  const key = countKey(options);
  return key === undefined ? undefined : counted.get(key)?.valid;
}

export async function countRecipients(options: EmailOptions): Promise<ListCount> {
  const key = countKey(options);
  const known = key === undefined ? undefined : counted.get(key);
  if (known) return known;
  const stats = await countList(options);
  if (key !== undefined) counted.set(key, stats);
  return stats;
}

export async function planLines(payload: EmailPayload, options: EmailOptions): Promise<string[]> {
  const lines = [
    `message: "${payload.subject}" from ${options.from}; HTML ${formatKb(payload.htmlBytes)} (budget ${formatKb(options.sizeBudget)}), text ${formatKb(Buffer.byteLength(payload.text))}; multipart/alternative, one message per recipient`,
  ];
  if (options.subscribers === undefined) {
    lines.push('recipients: unknown: no subscriber list (set SUBSCRIBERS_FILE or email.subscribers)');
    return lines;
  }
  try {
    accessSync(options.subscribers, constants.R_OK);
  } catch {
    lines.push(`recipients: unknown: cannot read the subscriber list ${options.subscribers}`);
    return lines;
  }
  const stats = await countRecipients(options);
  const skipped = [`${stats.malformed} malformed`, `${stats.duplicates} duplicate`, `${stats.suppressed} suppressed`].join(', ');
  lines.push(`recipients: ${stats.valid} (of ${stats.read} listed; skipped ${skipped})`);
  const connections = Math.min(options.maxConnections, Math.max(1, stats.valid));
  lines.push(`batches: ${connections} pooled SMTP connection${connections === 1 ? '' : 's'}, about ${Math.ceil(stats.valid / connections)} messages each`);
  lines.push(options.rateLimit > 0
    ? `estimated time: ${formatDuration(stats.valid / options.rateLimit)} at ${options.rateLimit} messages/s (rateLimit)`
    : 'estimated time: no rateLimit configured, as fast as the server accepts');
  return lines;
}

/** Readers of the list by their language ('' = none given), from the plan's one count of the list. */
async function countLanguages(options: EmailOptions): Promise<Map<string, number>> {
  return new Map(options.subscribers === undefined ? [] : (await countRecipients(options)).languages);
}

/**
 * The translation set's part of the plan: which languages it has and how many
 * readers get which (`de → 10 readers`), or, for a set sent before, who gets
 * the translations merged since.
 */
export async function setPlanLines(payload: EmailPayload, options: EmailOptions, late: SetRender['late']): Promise<string[]> {
  const languages = [payload.language ?? '?', ...(payload.translations ?? []).map((t) => t.language ?? '?')];
  if (languages.length === 1 && !late) return [];
  const readable = options.subscribers !== undefined && isReadable(options.subscribers);
  const counts = readable ? await countLanguages(options) : new Map<string, number>();
  const perMessage = new Map<string, Map<string, number>>(languages.map((l) => [l, new Map()]));
  for (const [reader, n] of counts) {
    if (!inAudience(reader || undefined, payload.audience)) continue;
    const message = languageFor(reader || undefined, payload);
    const row = perMessage.get(message);
    row?.set(reader, (row.get(reader) ?? 0) + n);
  }
  const describe = (language: string): string => {
    const row = perMessage.get(language) ?? new Map<string, number>();
    const total = [...row.values()].reduce((a, b) => a + b, 0);
    const parts = [...row].sort((a, b) => b[1] - a[1]).map(([reader, n]) => `${n} ${reader || 'without a language'}`);
    return `${language} → ${readable ? `${total} reader${total === 1 ? '' : 's'}${row.size > 1 || (row.size === 1 && ![...row.keys()].includes(language)) ? ` (${parts.join(', ')})` : ''}` : 'unknown readers'}`;
  };
  const head = `translation set ${payload.issueKey} (${languages.join(', ')}): one message per reader, in their language when the set has it, else ${languages[0]}`;
  if (!late) return [head, `languages: ${languages.map(describe).join('; ')}`];
  const since = `the set went out ${late.sentAt}; merged since: ${late.languages.join(', ') || 'nothing'}`;
  if (!late.sendsThem) return [head, `${since}: sent to nobody (email.translations: late would send each to its readers who have not received the set)`];
  return [head, `${since}: to their readers who have not received the set (email.translations: late): ${late.languages.map(describe).join('; ')}; readers who have the set are skipped by the journal`];
}

function isReadable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
