// The publish.config.yaml that init writes: every key a new team needs, with a
// comment saying what it does, and the optional ones commented out.
import { registryEntry } from '../../channels/index.js';
import type { SiteAnswers } from './answers.js';

export type { SiteAnswers } from './answers.js';

/** YAML double-quoted scalar: JSON string syntax is a subset of it. */
const quote = (text: string): string => JSON.stringify(text);

export function configText(a: SiteAnswers): string {
  return [
    '# newsletter-publisher configuration. Secrets never go here: they come from the',
    '# environment (SMTP_URL, UNSUBSCRIBE_SECRET, MASTODON_TOKEN, TWITTER_* …), in CI',
    '# from the secrets of the newsletter-release environment.',
    'site:',
    `  url: ${a.url}   # where your static site generator publishes the issues' pages`,
    `  title: ${quote(a.title)}`,
    `  language: ${a.language}   # language of the issues without a lang field (BCP 47: en, de, pt-BR)`,
    `  timezone: ${a.timezone}   # for front-matter dates without an offset`,
    '  # description: One line about the newsletter, shown in the feeds.',
    '  # author: The editors',
    '  # license: CC BY-SA 4.0',
    'content: content                    # the issues: Markdown files with front matter',
    'permalink: /:year/:month/:slug/     # an issue\'s page on the site, unless its front matter has url',
    'ledger: .publish/ledger.json        # what went out where, exactly once: commit it, never edit it',
    '# Publish order: the feed first (so links resolve), then email, then social.',
    'channels:',
    ...a.channels.flatMap((name) => [`  - name: ${name}`, ...(registryEntry(name)?.init?.lines(a) ?? [])]),
    '',
  ].join('\n');
}
