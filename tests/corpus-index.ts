// The corpus describes itself in INDEX.tsv (one per folder under ../shared/corpus).
// Tests derive their expectations (languages, counts, titles) from it, never from
// today's file list: the corpus grows.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface CorpusRow {
  /** Path relative to the INDEX.tsv's folder, e.g. `hugo/2024-09-05_….en.md`. */
  file: string;
  language: string;
  /** The front-matter date as written (may be empty). */
  date: string;
  title: string;
  /** `final`, `final-pelican`, `draft` … */
  kind: string;
  dialect: string;
  /** Where the file lived in its repository (`content/blog/newsletter/2024-09-05-newsletter.de.md`): Hugo's naming of translations. */
  originalPath: string;
}

/** Rows of `<folder>/INDEX.tsv`; an empty list when the file is absent. */
export function readCorpusIndex(folder: string): CorpusRow[] {
  const file = path.join(folder, 'INDEX.tsv');
  if (!existsSync(file)) return [];
  const [head, ...rows] = readFileSync(file, 'utf8').replace(/\r/g, '').trim().split('\n');
  const cols = head.split('\t');
  return rows.filter((row) => row.trim() !== '').map((row) => {
    const cells = row.split('\t');
    const get = (name: string) => cells[cols.indexOf(name)] ?? '';
    return {
      file: get('filename'),
      language: get('language'),
      date: get('issue_date_front_matter'),
      title: get('title'),
      kind: get('kind'),
      dialect: get('front_matter_style'),
      originalPath: get('original_path'),
    };
  });
}
