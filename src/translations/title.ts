// The title a translation shows in subjects, posts and feeds. The XSF's
// translations often keep the English title; then the newsletter's own
// string table may name the newsletter in that language (`newsletterName` in
// templates/strings/<lang>.yaml), and that name replaces the site title in it.
import type { Issue } from '../model.js';
import type { TranslationSet } from './sets.js';

export function localizedTitle(issue: Issue, set: TranslationSet, siteTitle: string, newsletterName: (language: string) => string | undefined): string {
  const original = set.original;
  if (!original || issue.id === original.id || issue.title !== original.title) return issue.title;
  const name = newsletterName(issue.language);
  if (!name) return issue.title;
  return issue.title.includes(siteTitle) ? issue.title.replace(siteTitle, name) : `${name}: ${issue.title}`;
}
