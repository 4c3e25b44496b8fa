// Translation sets: the files that are one issue in several languages. Three
// signals join files, as Hugo does: the file name (`name.md` / `name.<lang>.md`),
// a shared front-matter `translationKey`, or the same canonical path under a
// language prefix (`/de/2024/09/x/` and `/2024/09/x/`). Pure: the same issues
// give the same sets.
import path from 'node:path';
import type { Issue } from '../model.js';

export interface TranslationSet {
  /** Stable key of the set: the original's id, else the first member's id. */
  readonly key: string;
  /** The member in the site language; absent when only translations exist. */
  readonly original?: Issue;
  /** The other members, by language. */
  readonly translations: readonly Issue[];
  /** Every member's language, the original's first. */
  readonly languages: readonly string[];
  /** The original (when present) then the translations. */
  readonly members: readonly Issue[];
}

/** Primary subtag, lower case: `pt-BR` → `pt`. */
export function primaryLanguage(tag: string): string {
  return tag.toLowerCase().replace(/_/g, '-').split('-')[0] ?? tag;
}

/** True when the tags name the same language (`de` and `de-AT`; `pt-br` and `pt-BR`). */
export function sameLanguage(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/_/g, '-');
  const y = b.toLowerCase().replace(/_/g, '-');
  return x === y || (primaryLanguage(x) === primaryLanguage(y) && (!x.includes('-') || !y.includes('-')));
}

/** `content/2024-09-05-newsletter.de.md` → `content/2024-09-05-newsletter` (the suffix only when it is the file's language). */
function fileStem(issue: Issue): string {
  const dir = path.dirname(issue.source);
  const base = path.basename(issue.source).replace(/\.(md|markdown|txt)$/i, '');
  const dot = base.lastIndexOf('.');
  const suffix = dot > 0 ? base.slice(dot + 1) : '';
  const stem = suffix !== '' && sameLanguage(suffix, issue.language) ? base.slice(0, dot) : base;
  return `${dir}/${stem}`;
}

/** The canonical path without a leading `/<language>/` segment. */
function pathStem(issue: Issue): string {
  const prefix = `/${issue.language.toLowerCase()}/`;
  return issue.canonicalPath.toLowerCase().startsWith(prefix) ? issue.canonicalPath.slice(prefix.length - 1) : issue.canonicalPath;
}

function signals(issue: Issue): string[] {
  return [
    ...(issue.translationKey ? [`key:${issue.translationKey}`] : []),
    `file:${fileStem(issue)}`,
    `path:${pathStem(issue)}`,
  ];
}

/** Every issue in exactly one set (a set of one when it has no translations), in the order of their first member. */
export function buildSets(issues: readonly Issue[], siteLanguage: string): TranslationSet[] {
  // Union-find over issues: two issues sharing any signal are one set.
  const parent = issues.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  issues.forEach((issue, i) => {
    for (const signal of signals(issue)) {
      const j = owner.get(signal);
      if (j === undefined) owner.set(signal, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Issue[]>();
  issues.forEach((issue, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), issue]);
  });
  return [...groups.values()].map((members) => toSet(members, siteLanguage));
}

function toSet(members: readonly Issue[], siteLanguage: string): TranslationSet {
  // The original is the file in the site language; of two such files the first
  // keeps the role (lint reports the second, see lint/translations).
  const original = members.find((m) => sameLanguage(m.language, siteLanguage));
  const translations = members.filter((m) => m !== original).sort((a, b) => a.language.localeCompare(b.language) || a.source.localeCompare(b.source));
  const ordered = original ? [original, ...translations] : translations;
  return {
    key: ordered[0].id,
    ...(original ? { original } : {}),
    translations,
    languages: [...new Set(ordered.map((m) => m.language))],
    members: ordered,
  };
}

/** A lookup from any member (by id) to its set. */
export function setLookup(issues: readonly Issue[], siteLanguage: string): (issue: Issue) => TranslationSet {
  const byId = new Map<string, TranslationSet>();
  for (const set of buildSets(issues, siteLanguage)) for (const member of set.members) byId.set(member.id, set);
  return (issue) => byId.get(issue.id) ?? toSet([issue], siteLanguage);
}
