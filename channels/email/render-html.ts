// The HTML part: the issue model poured into the MJML template, compiled once
// with strict validation. Errors name the template file and line.
import mjml2html from 'mjml';
import type { Config } from '../../src/config.js';
import { PublishError } from '../../src/errors.js';
import type { Issue, Section } from '../../src/model.js';
import { allSections } from '../../src/sections.js';
import { inlineHtml, toMjmlBlocks, toSectionBlocks } from './content-blocks.js';
import { formatString, loadStrings, type Strings } from '../../src/strings.js';
import { inlineContentStyles } from './inline-styles.js';
import { escapeHtml, joinRendered, type Rendered, type TemplateSet } from './template-engine.js';

export const LAYOUT = 'email';

export interface HtmlInput {
  readonly issue: Issue;
  readonly config: Config;
  /** Reserved token standing for the recipient's unsubscribe URL. */
  readonly unsubscribeToken: string;
  /** Bare list address shown in the footer. */
  readonly listAddress: string;
  /** Fixed strings in the issue's language; English when absent. */
  readonly strings?: Strings;
}

/** The issue's fixed strings with their slots filled, as the templates receive them. */
export function fixedStrings(input: Pick<HtmlInput, 'issue' | 'config' | 'listAddress' | 'strings'>): Record<'viewInBrowser' | 'readOnSite' | 'subscribedNotice' | 'unsubscribe' | 'license', string> {
  const { config } = input;
  const strings = input.strings ?? loadStrings('en');
  const values = { siteTitle: config.site.title, siteHost: config.site.host, listAddress: input.listAddress, license: config.site.license ?? '' };
  return {
    viewInBrowser: strings.viewInBrowser,
    readOnSite: formatString(strings.readOnSite, values),
    subscribedNotice: formatString(strings.subscribedNotice, values),
    unsubscribe: strings.unsubscribe,
    license: config.site.license ? formatString(strings.license, values) : '',
  };
}

/**
 * Email heading level for a section: the issue's top level becomes <h2> (the
 * title is the <h1>) and each deeper level one more, so `#` and `##` differ.
 */
export function headingLevel(section: Section, top: number): number {
  return Math.min(6, 2 + Math.max(0, section.level - top));
}

export function formatIssueDate(issue: Issue, config: Config): string {
  const date = new Date(issue.date);
  if (Number.isNaN(date.getTime())) return issue.date;
  try {
    return new Intl.DateTimeFormat(issue.language || config.site.language, { dateStyle: 'long', timeZone: config.site.timezone }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  }
}


/** The MJML document for an issue, with the origin of each line. */
export function buildMjml(templates: TemplateSet, input: HtmlInput): Rendered {
  const { issue, config } = input;
  const base = issue.canonicalUrl;
  const strings = input.strings ?? loadStrings('en');
  const all = allSections(issue.sections);
  const top = Math.min(...all.map((s) => s.level));
  const sections = all.map((section) => {
    const blocks = toSectionBlocks(section.html, base, strings);
    return templates.render('section', {
      level: headingLevel(section, top),
      anchor: section.anchor,
      heading: section.heading,
      // A heading that is a link stays one.
      headingHtml: section.headingHtml === undefined ? escapeHtml(section.heading) : inlineHtml(section.headingHtml, base, strings),
      body: blocks.lead,
      more: blocks.rest,
    });
  });
  const intro = toMjmlBlocks(issue.intro.html, base, strings);
  const fixed = fixedStrings({ ...input, strings });
  const document = templates.render(LAYOUT, {
    lang: issue.language || config.site.language,
    title: issue.title,
    preheader: issue.summary,
    date: formatIssueDate(issue, config),
    canonicalUrl: issue.canonicalUrl,
    siteTitle: config.site.title,
    siteUrl: config.site.url,
    siteHost: config.site.host,
    listAddress: input.listAddress,
    ...fixed,
    unsubscribeUrl: input.unsubscribeToken,
    // An empty intro still needs a child for the column to be valid MJML.
    intro: intro === '' ? '<mj-spacer height="4px" />' : intro,
    sections: joinRendered(sections),
  });
  return inlineContentStyles(document, templates.optional('content.css'));
}

interface MjmlIssue {
  readonly line: number;
  readonly message: string;
  readonly tagName: string;
}

function isMjmlIssue(value: unknown): value is MjmlIssue {
  return typeof value === 'object' && value !== null && 'line' in value && 'message' in value;
}

function describe(document: Rendered, issues: readonly MjmlIssue[]): string[] {
  return issues.map((issue) => {
    const origin = document.origins[issue.line - 1];
    const where = origin ? `${origin.file}:${origin.line}` : `generated line ${issue.line}`;
    return `${where} (${issue.tagName}): ${issue.message}`;
  });
}

export async function compileMjml(document: Rendered): Promise<string> {
  let result: { html: string; errors: readonly unknown[] };
  try {
    result = await mjml2html(document.text, {
      validationLevel: 'strict',
      keepComments: false,
      minifyOptions: { minifyCss: false },
    } as Parameters<typeof mjml2html>[1]);
  } catch (error) {
    const list = (error as { errors?: unknown }).errors;
    const issues = Array.isArray(list) ? list.filter(isMjmlIssue) : [];
    if (issues.length > 0) throw new PublishError('NP401', 'the email template does not pass MJML strict validation', describe(document, issues));
    throw new PublishError('NP401', `MJML could not compile the email: ${(error as Error).message}`, [], { cause: error });
  }
  const issues = result.errors.filter(isMjmlIssue);
  if (issues.length > 0) throw new PublishError('NP401', 'the email template does not pass MJML strict validation', describe(document, issues));
  return result.html;
}
