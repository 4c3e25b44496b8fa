// Where the content folder is loaded (release, preview) and where `publish
// check` lints a file: the set rules' findings are added to each member's
// entry, and a translation that kept the original's title gets the
// newsletter's localized name when its string table has one.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { ContentEntry } from '../model.js';
import { applyRuleSettings, sortFindings } from '../lint/index.js';
import { frontMatterLine, translationFindings } from '../lint/translations.js';
import type { Finding } from '../model.js';
import { withoutLanguageSuffix } from '../parse/language-suffix.js';
import { newsletterName } from '../strings.js';
import { sameLanguage, setLookup } from './sets.js';
import { localizedTitle } from './title.js';

export function applyTranslations(entries: readonly ContentEntry[], config: Config, cwd: string): ContentEntry[] {
  const issues = entries.flatMap((e) => (e.issue ? [e.issue] : []));
  const setOf = setLookup(issues, config.site.language);
  // Most folders have no translation at all: nothing to add.
  if (!issues.some((issue) => setOf(issue).members.length > 1 || !sameLanguage(issue.language, config.site.language))) return [...entries];
  const folders = [path.join(config.root, 'templates', 'strings')];
  const names = new Map<string, string | undefined>();
  const nameOf = (language: string): string | undefined => {
    if (!names.has(language)) names.set(language, newsletterName(language, folders));
    return names.get(language);
  };
  const extra = applyRuleSettings(translationFindings(issues, config.site.language, frontMatterLine(cwd), (l) => nameOf(l) !== undefined), config.lint);
  return entries.map((entry) => {
    if (!entry.issue) return entry;
    const title = localizedTitle(entry.issue, setOf(entry.issue), config.site.title, nameOf);
    const mine = extra.filter((f) => f.file === entry.file);
    if (title === entry.issue.title && mine.length === 0) return entry;
    const issue = title === entry.issue.title ? entry.issue : { ...entry.issue, title };
    let findings: readonly Finding[] | undefined;
    return {
      file: entry.file,
      issue,
      get findings() {
        findings ??= sortFindings([...entry.findings, ...mine]);
        return findings;
      },
    };
  });
}

/**
 * `publish check FILE`: the file with the other members Hugo's naming puts
 * beside it (`name.md`, `name.<lang>.md`), so the set rules see the set
 * without parsing the whole archive.
 */
export function withSiblings(entry: ContentEntry, config: Config, cwd: string, check: (file: string) => ContentEntry): ContentEntry {
  if (!entry.issue) return entry;
  const full = path.resolve(cwd, entry.file);
  const dir = path.dirname(full);
  const stem = withoutLanguageSuffix(path.basename(full).replace(/\.(md|markdown)$/i, ''));
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name !== path.basename(full) && /\.(md|markdown)$/i.test(name) && (name.startsWith(`${stem}.`)));
  } catch {
    return entry;
  }
  const siblings = names.map((name) => check(path.join(dir, name)));
  return applyTranslations([entry, ...siblings], config, cwd)[0];
}
