// Which message of a translation set a reader gets: their language when the
// set has it (`de-AT` reads `de`), else the original.
import { sameLanguage } from '../../src/translations/sets.js';
import type { EmailPayload } from './compile.js';

export function messageFor<T>(readerLanguage: string | undefined, original: T, byLanguage: ReadonlyMap<string, T>): T {
  if (readerLanguage === undefined) return original;
  const exact = byLanguage.get(readerLanguage);
  if (exact !== undefined) return exact;
  for (const [language, message] of byLanguage) if (sameLanguage(language, readerLanguage)) return message;
  return original;
}

/** The language a reader's message is in (the original's when the set lacks theirs). */
export function languageFor(readerLanguage: string | undefined, payload: EmailPayload): string {
  const byLanguage = new Map((payload.translations ?? []).map((t) => [t.language ?? '', t.language ?? '']));
  return messageFor(readerLanguage, payload.language ?? '', byLanguage);
}

/** Whether a reader is sent to at all (a late translation goes only to its own readers). */
export function inAudience(readerLanguage: string | undefined, audience: readonly string[] | undefined): boolean {
  if (audience === undefined) return true;
  return readerLanguage !== undefined && audience.some((language) => sameLanguage(language, readerLanguage));
}
