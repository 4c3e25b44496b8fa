// Announcement templates: plain text with {{slot}} placeholders, one file per
// language (`en.txt`, `de.txt`…). A line whose slots are all empty disappears,
// and so does a paragraph left without lines, so "In this issue: {{highlights}}"
// vanishes when there is nothing to highlight.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../src/config.js';
import { PublishError } from '../../src/errors.js';
import { defaultTemplateDir } from './package-root.js';

export const SLOTS = ['title', 'highlights', 'summary', 'hashtags', 'url'] as const;
export type Slot = (typeof SLOTS)[number];
export type SlotValues = Readonly<Record<Slot, string>>;

export interface AnnouncementTemplate {
  /** File the template came from, for messages. */
  readonly file: string;
  readonly source: string;
}

const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;

/**
 * A language without a template of its own: title, the editors' summary (in
 * the issue's language), hashtags and link. No fixed words, so a Japanese
 * issue never says "In this issue:".
 */
export const NEUTRAL_TEMPLATE = '{{title}}\n\n{{summary}}\n\n{{hashtags}}\n{{url}}\n';
export const NEUTRAL_FILE = '(language-neutral form)';

/** Candidate files for a BCP 47 tag: `pt-br.txt`, then `pt.txt`; none falls back to another language. */
export function templateCandidates(language: string): string[] {
  const tag = language.toLowerCase().replace(/_/g, '-');
  const primary = tag.split('-')[0] ?? tag;
  return [...new Set([`${tag}.txt`, `${primary}.txt`])];
}

/** The file a language resolves to in `dir`, or undefined when none of its candidates exists. */
export function resolveTemplate(dir: string, language: string): string | undefined {
  for (const name of templateCandidates(language)) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The template for a language: its own file, else the language-neutral form. */
export function loadTemplate(dir: string, language: string): AnnouncementTemplate {
  const file = resolveTemplate(dir, language);
  if (file === undefined) return { file: NEUTRAL_FILE, source: NEUTRAL_TEMPLATE };
  const source = readFileSync(file, 'utf8');
  const problems = checkTemplate(source);
  if (problems.length > 0) throw new PublishError('NP401', `${file} is not a valid announcement template`, problems);
  return { file, source };
}

/**
 * The templates one announcement channel could render with, checked in its
 * verify: a `language` option pins one template; otherwise the issue's
 * language picks, so every file of the folder must be valid.
 */
export function verifyChannelTemplates(options: { readonly templateDir?: string; readonly language?: string }, config: Config): void {
  const dir = options.templateDir ?? defaultTemplateDir();
  if (options.language) verifyTemplates(dir, [options.language], false);
  else verifyTemplates(dir, [config.site.language, ...config.site.languages], true);
}

/**
 * verify's check, before anything is sent: every template render could pick.
 * The first of `languages` (the site's, or the channel's `language` option)
 * must have a file of its own in a folder the newsletter provides; the others
 * may use the language-neutral form. With `everyFile`, every `*.txt` of the
 * folder is checked too (render picks by the issue's language, which can be
 * any of them), otherwise only the resolved files. Throws one NP401 listing
 * every problem.
 */
export function verifyTemplates(dir: string, languages: readonly string[], everyFile: boolean): void {
  // The bundled folder is complete by design: a language it lacks gets the neutral form.
  const bundled = path.resolve(dir) === path.resolve(defaultTemplateDir());
  const problems: string[] = [];
  const files = new Set<string>();
  [...new Set(languages)].forEach((language, i) => {
    const file = resolveTemplate(dir, language);
    if (file !== undefined) files.add(file);
    else if (i === 0 && !bundled) problems.push(`no template for language "${language}" (expected one of: ${templateCandidates(language).join(', ')})`);
  });
  if (everyFile) {
    try {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isFile() && entry.name.endsWith('.txt')) files.add(path.join(dir, entry.name));
      }
    } catch (error) {
      problems.push(`the folder cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const file of [...files].sort()) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(`${path.basename(file)}: cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    for (const problem of checkTemplate(source)) problems.push(`${path.basename(file)}: ${problem}`);
  }
  if (problems.length > 0) {
    throw new PublishError('NP401', `the announcement templates in ${dir} have ${problems.length} problem${problems.length === 1 ? '' : 's'}`, [...new Set(problems)]);
  }
}

/** Every problem of a template, one line each (empty when valid). */
export function checkTemplate(source: string): string[] {
  const problems: string[] = [];
  let urls = 0;
  source.replace(/\r\n?/g, '\n').split('\n').forEach((line, index) => {
    for (const match of line.matchAll(PLACEHOLDER)) {
      const name = match[1] ?? '';
      if (name === 'url') urls++;
      if (!(SLOTS as readonly string[]).includes(name)) {
        problems.push(`line ${index + 1}: unknown placeholder {{${name}}} (known: ${SLOTS.map((s) => `{{${s}}}`).join(', ')})`);
      }
    }
  });
  // Without the link an announcement announces nothing.
  if (urls === 0) problems.push('the template has no {{url}} placeholder');
  return problems;
}

export function fillTemplate(source: string, values: SlotValues): string {
  const paragraphs = source.replace(/\r\n?/g, '\n').trim().split(/\n[ \t]*\n+/);
  const out: string[] = [];
  for (const paragraph of paragraphs) {
    const lines: string[] = [];
    for (const line of paragraph.split('\n')) {
      const slots = [...line.matchAll(PLACEHOLDER)].map((m) => m[1] as Slot);
      if (slots.length > 0 && slots.every((slot) => values[slot] === '')) continue;
      const filled = line.replace(PLACEHOLDER, (_, name: string) => values[name as Slot] ?? '');
      const tidy = filled.replace(/[ \t]{2,}/g, ' ').trim();
      if (tidy !== '') lines.push(tidy);
    }
    if (lines.length > 0) out.push(lines.join('\n'));
  }
  return out.join('\n\n');
}
