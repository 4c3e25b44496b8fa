// Hugo's `name.<lang>.md`: a BCP 47-shaped tag, with `-` or `_` between subtags
// (`pt_BR`, `zh-Hant-TW`). One pattern for the parser (the language) and
// for `publish check FILE` (which files are its siblings): a suffix left unread
// would make a translation an issue of its own, sent to every reader.
const TAG = '[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*';
const SUFFIX = new RegExp(`\\.(${TAG})\\.(?:md|markdown|txt)$`, 'i');
const STEM_SUFFIX = new RegExp(`\\.${TAG}$`, 'i');

/** `2024-09-05-newsletter.pt_BR.md` → `pt-br`; undefined without a language suffix. */
export function languageSuffix(fileName: string): string | undefined {
  return SUFFIX.exec(fileName)?.[1]?.toLowerCase().replaceAll('_', '-');
}

/** `2024-09-05-newsletter.de` → `2024-09-05-newsletter` (the name without its extension). */
export function withoutLanguageSuffix(stem: string): string {
  return stem.replace(STEM_SUFFIX, '');
}
