// The publish.config.yaml that init writes: every key a new team needs, with a
// comment saying what it does, and the optional ones commented out.
export interface SiteAnswers {
  readonly url: string;
  readonly title: string;
  readonly language: string;
  readonly timezone: string;
  readonly channels: readonly string[];
  /** Point the channels at copies of the templates in the repository (`init --templates`). */
  readonly ownTemplates: boolean;
}

const CHANNEL_LINES: Readonly<Record<string, (a: SiteAnswers) => string[]>> = {
  feed: () => [
    '    # outputDir: public/feed       # where the Atom, RSS and JSON feeds are written on publish',
  ],
  email: (a) => [
    `    # from: ${a.title} <newsletter@${URL.canParse(a.url) ? new URL(a.url).host : 'example.org'}>   # or the EMAIL_FROM secret`,
    '    # subscribers: subscribers.csv   # or SUBSCRIBERS_FILE; CSV with an email column (and name), or JSON',
    ...(a.ownTemplates ? ['    templates: templates/email      # your copy of the MJML templates'] : ['    # templates: templates/email    # your own MJML templates (`newsletter-publisher init --templates` copies them)']),
  ],
  mastodon: (a) => [
    '    hashtags: []                    # appended to the post, never cut',
    ...(a.ownTemplates ? ['    template: templates/announcement'] : []),
  ],
  twitter: (a) => [
    '    hashtags: []',
    ...(a.ownTemplates ? ['    template: templates/announcement'] : []),
  ],
};

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
    ...a.channels.flatMap((name) => [`  - name: ${name}`, ...(CHANNEL_LINES[name]?.(a) ?? [])]),
    '',
  ].join('\n');
}
