// Per-language tables of the fixed strings readers see around an issue ("View
// in browser", "Unsubscribe", the footer): templates/strings/<lang>.yaml,
// shipped for en, de, fr, es, it and pt-br. A newsletter overrides any key in
// later folders (its own templates/strings/, its email template folder's
// strings/). Lookup per key: the language tag (pt-br), its primary subtag (pt),
// then English, so a table that lacks a key still gives a string.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readYaml } from './yaml.js';
import { PublishError } from './errors.js';
import { findPackageRoot } from './package-root.js';

export const STRING_KEYS = [
  'viewInBrowser', 'readOnSite', 'subscribedNotice', 'unsubscribe', 'license', 'links', 'image', 'svgImage', 'imageSuffix', 'imageFallbackAlt',
] as const;
export type StringKey = (typeof STRING_KEYS)[number];
/** Keys a table may have but need not: a newsletter's own name in a language (translated subjects and posts). */
const OPTIONAL_KEYS = ['newsletterName'] as const;
export type Strings = Readonly<Record<StringKey, string>>;

/** The bundled `templates/strings/` folder. */
export function bundledStringsDir(): string {
  return path.join(findPackageRoot(import.meta.url), 'templates', 'strings');
}

function languageChain(language: string): string[] {
  const tag = language.toLowerCase().replace(/_/g, '-');
  const primary = tag.split('-')[0] ?? tag;
  return [...new Set(['en', primary, tag])];
}

function readTable(file: string): Partial<Record<StringKey, string>> {
  const read = readYaml(readFileSync(file, 'utf8'));
  if (!read.ok) throw new PublishError('NP401', `the string table ${file} is not valid YAML`, [`line ${read.line}: ${read.message}`]);
  const data = read.value;
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new PublishError('NP401', `the string table ${file} is not a mapping of key: text`, []);
  const out: Partial<Record<StringKey, string>> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if ((OPTIONAL_KEYS as readonly string[]).includes(key)) continue;
    if (!(STRING_KEYS as readonly string[]).includes(key)) problems.push(`${key}: unknown key (known: ${[...STRING_KEYS, ...OPTIONAL_KEYS].join(', ')})`);
    else if (typeof value !== 'string') problems.push(`${key}: must be text`);
    else out[key as StringKey] = value;
  }
  if (problems.length > 0) throw new PublishError('NP401', `the string table ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  return out;
}

/**
 * The strings for a language. `overrides` are folders searched after the
 * bundled one, each possibly holding `<lang>.yaml` (or `.json`, which YAML reads).
 */
export function loadStrings(language: string, overrides: readonly string[] = []): Strings {
  const merged: Partial<Record<StringKey, string>> = {};
  const folders = [bundledStringsDir(), ...overrides.filter((dir) => path.resolve(dir) !== path.resolve(bundledStringsDir()))];
  for (const lang of languageChain(language)) {
    for (const dir of folders) {
      for (const ext of ['yaml', 'yml', 'json']) {
        const file = path.join(dir, `${lang}.${ext}`);
        if (existsSync(file)) Object.assign(merged, readTable(file));
      }
    }
  }
  const missing = STRING_KEYS.filter((key) => merged[key] === undefined);
  if (missing.length > 0) throw new PublishError('NP401', `no text for ${missing.join(', ')} in the string tables`, [`add them to ${path.join(bundledStringsDir(), 'en.yaml')}`]);
  return merged as Strings;
}

/** Fill `{name}` slots; an unknown slot stays as written so a typo shows. */
export function formatString(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The newsletter's name in `language` from the newsletter's own string tables
 * (`newsletterName` in <folder>/<lang>.yaml), never from the bundled ones,
 * which cannot know it; the language tag first, then its primary subtag.
 */
export function newsletterName(language: string, folders: readonly string[]): string | undefined {
  const tag = language.toLowerCase().replace(/_/g, '-');
  for (const lang of [...new Set([tag, tag.split('-')[0] ?? tag])]) {
    for (const dir of folders) {
      for (const ext of ['yaml', 'yml', 'json']) {
        const file = path.join(dir, `${lang}.${ext}`);
        if (!existsSync(file)) continue;
        const read = readYaml(readFileSync(file, 'utf8'));
        const value = read.ok && read.value && typeof read.value === 'object' ? (read.value as Record<string, unknown>)['newsletterName'] : undefined;
        if (typeof value === 'string' && value.trim() !== '') return value.trim();
      }
    }
  }
  return undefined;
}
