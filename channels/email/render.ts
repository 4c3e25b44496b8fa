// render(): the HTML and text parts once per issue, the sample .eml, the
// email-size finding and the send plan. Pure apart from reading the template
// folder and counting the subscriber list for the plan.
import path from 'node:path';
import type { Artifact } from '../../src/channel.js';
import { loadStrings } from '../../src/strings.js';
import type { Config } from '../../src/config.js';
import { PublishError } from '../../src/errors.js';
import type { Finding, Issue } from '../../src/model.js';
import { parseMailbox, rfc5322Date } from './headers.js';
import { compileMessage, personalize, type CompiledMessage } from './mime.js';
import type { EmailOptions } from './options.js';
import { buildMjml, compileMjml, LAYOUT } from './render-html.js';
import { renderText } from './render-text.js';
import { TemplateSet, escapeHtml } from './template-engine.js';
import { makeTokens, recipientId, shortHash, unsubscribeUrl } from './tokens.js';
import { compileFor, fromParts, messageIdFor, type EmailPayload } from './compile.js';

// The send path imports these from compile.ts (no MJML in a send worker); re-exported for callers of render.
export { compileFor, fromParts, messageIdFor, type EmailPayload };

export const SAMPLE_RECIPIENT = { address: 'subscriber@example.com', key: 'subscriber@example.com', name: 'Sample Subscriber' };
/** The sample .eml is keyed with a fixed value so it never depends on (or reveals) the real secret. */
const SAMPLE_SECRET = 'sample-secret-for-dry-runs';

export function sampleValues(payload: EmailPayload, options: EmailOptions): { url: string; messageId: string } {
  const id = recipientId(SAMPLE_SECRET, payload.issueId, SAMPLE_RECIPIENT.key);
  return {
    url: unsubscribeUrl(options.unsubscribeUrl, SAMPLE_SECRET, SAMPLE_RECIPIENT.address),
    messageId: messageIdFor(payload, id, fromParts(options).domain),
  };
}

export interface RenderInput {
  readonly issue: Issue;
  readonly options: EmailOptions;
  readonly config: Config;
  readonly templates: TemplateSet;
}

/** Where a newsletter overrides the shipped string tables: its own templates/strings/, then its email template folder's strings/. */
export function stringFolders(config: Config, templates: TemplateSet): string[] {
  return [path.join(config.root, 'templates', 'strings'), path.join(templates.folder, 'strings')];
}

export async function renderPayload({ issue, options, config, templates }: RenderInput): Promise<EmailPayload> {
  if (!templates.mentions(LAYOUT, 'unsubscribeUrl')) {
    throw new PublishError('NP401', `the email template in ${templates.display(templates.folder)} has no unsubscribe link`, [
      'add <a href="{{{unsubscribeUrl}}}">Unsubscribe</a> to the footer: a visible unsubscribe link is required',
    ]);
  }
  // Seeded by everything the template receives, so no content can contain its own token.
  const tokens = makeTokens(JSON.stringify([issue.id, issue.title, issue.summary, issue.intro, issue.sections, issue.html]));
  const listAddress = fromParts(options).address;
  const strings = loadStrings(issue.language || config.site.language, stringFolders(config, templates));
  const document = buildMjml(templates, { issue, config, unsubscribeToken: tokens.unsubscribeHtml, listAddress, strings });
  const html = await compileMjml(document);
  if (!html.includes(tokens.unsubscribeHtml)) {
    throw new PublishError('NP401', 'the rendered email lost its unsubscribe link', ['keep {{{unsubscribeUrl}}} in an href of the footer']);
  }
  const text = renderText({ issue, config, unsubscribeToken: tokens.unsubscribeText, listAddress, strings });
  const sample = escapeHtml(unsubscribeUrl(options.unsubscribeUrl, SAMPLE_SECRET, SAMPLE_RECIPIENT.address));
  return {
    issueId: issue.id,
    issueKey: issue.key,
    source: issue.source,
    subject: issue.title,
    html,
    text,
    tokens,
    boundary: `np-alt-${shortHash(`${html}\0${text}`, 24)}`,
    date: rfc5322Date(issue.date),
    htmlBytes: Buffer.byteLength(html.split(tokens.unsubscribeHtml).join(sample), 'utf8'),
    language: issue.language,
  };
}

export function sizeFindings(payload: EmailPayload, budget: number): Finding[] {
  if (payload.htmlBytes <= budget) return [];
  return [{
    rule: 'email-size',
    severity: 'error',
    message: `the email HTML is ${formatKb(payload.htmlBytes)} (${payload.htmlBytes} bytes), over the ${formatKb(budget)} budget: Gmail clips messages over about 102 KB and hides the unsubscribe link`,
    file: payload.source,
    line: 0,
    fix: 'shorten the issue or move long sections to the web version',
  }];
}

export function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function artifacts(payload: EmailPayload, options: EmailOptions): Artifact[] {
  const sample = sampleValues(payload, options);
  const eml = personalize(compileFor(payload, options), {
    address: SAMPLE_RECIPIENT.address,
    name: SAMPLE_RECIPIENT.name,
    messageId: sample.messageId,
    unsubscribeUrl: sample.url,
  });
  const key = payload.issueKey;
  return [
    { issue: key, path: `${key}/email.html`, mediaType: 'text/html', content: payload.html.split(payload.tokens.unsubscribeHtml).join(escapeHtml(sample.url)) },
    { issue: key, path: `${key}/email.txt`, mediaType: 'text/plain', content: payload.text.split(payload.tokens.unsubscribeText).join(sample.url) },
    { issue: key, path: `${key}/email.eml`, mediaType: 'message/rfc822', content: eml },
  ];
}

