// The `twitter` channel (X): announces an issue once, within the weighted 280.
import { defineChannel, type AnyChannel, type Channel } from '../../src/channel.js';
import { announce, lengthFinding, planLines } from '../announcement/announce.js';
import { postsCard } from '../announcement/card.js';
import { TWITTER_MAX_LENGTH, twitterCounter } from '../announcement/length.js';
import { verifyChannelTemplates } from '../announcement/template.js';
import { parseTwitterOptions, twitterCredentials, type TwitterOptions } from './options.js';
import { checkTwitterCredentials, defaultTwitterDeps, publishTwitter, twitterSessions, type TwitterDeps, type TwitterPayload, type TwitterReceipt } from './publish.js';

export type { TwitterOptions } from './options.js';
export type { TwitterDeps, TwitterPayload, TwitterReceipt } from './publish.js';
export { baseUrlPlugin } from './client.js';

export function createTwitterChannel(overrides: Partial<TwitterDeps> = {}): Channel<TwitterOptions, TwitterPayload, TwitterReceipt> {
  const deps: TwitterDeps = { ...defaultTwitterDeps, ...overrides };
  // Per channel instance: probe and publish of one run share the client and the handle.
  const session = twitterSessions(deps);
  return {
    name: 'twitter',
    scope: 'issue',
    phase: 1,
    parseOptions: parseTwitterOptions,

    async verify(ctx) {
      twitterCredentials(ctx.env);
      // The issue's language picks the template at render: every template of the folder must be valid.
      verifyChannelTemplates(ctx.options, ctx.config);
    },

    async probe(ctx) {
      const username = await checkTwitterCredentials(session(ctx));
      ctx.log.info(`twitter: credentials valid for @${username}`);
    },

    async render(issue, ctx) {
      const { options } = ctx;
      const a = announce(issue, { hashtags: options.hashtags, ...(options.templateDir ? { templateDir: options.templateDir } : {}) }, twitterCounter(), TWITTER_MAX_LENGTH);
      const { text, length } = a.composition;
      const finding = lengthFinding('twitter', issue, a.composition);
      return {
        artifacts: [{ issue: issue.key, path: `${issue.key}/twitter.txt`, mediaType: 'text/plain; charset=utf-8', content: text + '\n' }],
        payload: { issueId: issue.id, issueKey: issue.key, text, length, limit: TWITTER_MAX_LENGTH },
        plan: planLines('post', text, length, TWITTER_MAX_LENGTH),
        cards: [postsCard(issue.key, 'Twitter / X', [text], { counter: twitterCounter(), limit: TWITTER_MAX_LENGTH, rule: 'weighted length: links 23, emoji and CJK 2' })],
        ...(finding ? { findings: [finding] } : {}),
      };
    },

    publish: (payload, ctx) => publishTwitter(deps, session(ctx), payload, ctx),
    // X does not return the earlier tweet on "duplicate content": the profile URL stands in.
    describe: (receipt) => `${receipt.duplicate ? 'already posted' : 'posted'} ${receipt.url}`,
  };
}

export const twitterChannel: AnyChannel = defineChannel(createTwitterChannel());
