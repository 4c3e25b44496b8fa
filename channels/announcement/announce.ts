// From an issue to a composed announcement: the step both social channels
// share. Returns the composer's input too, so a channel can recompose at
// publish time when the live limit turns out smaller than the rendered one.
import type { Finding, Issue } from '../../src/model.js';
import { compose, type AnnouncementInput, type Composition } from './compose.js';
import { findHighlights, type Highlight } from './highlights.js';
import type { LengthCounter } from './length.js';
import { defaultTemplateDir } from './package-root.js';
import { loadTemplate, type AnnouncementTemplate } from './template.js';

export interface AnnouncementSettings {
  readonly hashtags: readonly string[];
  /** Template folder; the bundled one when absent. */
  readonly templateDir?: string;
  /** Overrides the issue's language (Mastodon's `language` option). */
  readonly language?: string;
}

export interface Announcement {
  readonly input: AnnouncementInput;
  readonly template: AnnouncementTemplate;
  readonly highlights: readonly Highlight[];
  readonly composition: Composition;
}

/**
 * The editors' words come first: with an `announcement` or `summary` in the
 * front matter the post carries it and no list; otherwise the highlights.
 */
export function announcementInput(issue: Issue, highlights: readonly Highlight[], settings: AnnouncementSettings): AnnouncementInput {
  const summary = issue.announcement ?? '';
  return {
    title: issue.title,
    url: issue.canonicalUrl,
    summary,
    highlights: summary === '' ? highlights.map((h) => h.label) : [],
    hashtags: settings.hashtags,
    language: settings.language ?? issue.language,
  };
}

export function announce(issue: Issue, settings: AnnouncementSettings, counter: LengthCounter, limit: number): Announcement {
  const template = loadTemplate(settings.templateDir ?? defaultTemplateDir(), settings.language ?? issue.language);
  const highlights = findHighlights(issue);
  const input = announcementInput(issue, highlights, settings);
  return { input, template, highlights, composition: compose(template.source, input, counter, limit) };
}

/** The `announcement-length` finding, when the text cannot be made to fit. */
export function lengthFinding(channel: string, issue: Issue, composition: Composition): Finding | undefined {
  if (composition.fits) return undefined;
  return {
    rule: 'announcement-length',
    severity: 'error',
    message: `${channel}: the announcement is ${composition.length}/${composition.limit} characters even with only the link left`,
    file: issue.source,
    line: 0,
    fix: 'Raise the limit (Mastodon: maxCharacters), or shorten the template\'s fixed text or the issue URL.',
  };
}

/** One plan line per post: the text, then its counted length against the limit. */
export function planLines(label: string, text: string, length: number, limit: number): string[] {
  return [`${label} (${length}/${limit}):`, ...text.split('\n').map((line) => `  | ${line}`)];
}
