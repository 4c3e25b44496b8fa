// The `mastodon` channel: announces an issue once, within the instance's limit.
import { createRestAPIClient } from 'masto';
import { defineChannel, type AnyChannel, type Channel } from '../../src/channel.js';
import { announce, lengthFinding, planLines } from '../announcement/announce.js';
import { postsCard } from '../announcement/card.js';
import { mastodonCounter } from '../announcement/length.js';
import { verifyChannelTemplates } from '../announcement/template.js';
import { mastodonCredentials, parseMastodonOptions, type MastodonOptions } from './options.js';
import type { MastodonPayload, MastodonReceipt } from './payload.js';
import { checkCredentials, createClient, instanceLimits, publishMastodon, type MastodonDeps } from './publish.js';
import { composeThread } from './thread.js';

export type { MastodonOptions } from './options.js';
export type { MastodonPayload, MastodonReceipt } from './payload.js';
export type { MastodonDeps } from './publish.js';

export const defaultMastodonDeps: MastodonDeps = {
  createClient: (config) => createRestAPIClient(config),
  fetchImage: async (url, signal) => {
    const response = await fetch(url, { signal });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    return response.blob();
  },
};

export function createMastodonChannel(overrides: Partial<MastodonDeps> = {}): Channel<MastodonOptions, MastodonPayload, MastodonReceipt> {
  const deps: MastodonDeps = { ...defaultMastodonDeps, ...overrides };
  return {
    name: 'mastodon',
    scope: 'issue',
    phase: 1,
    parseOptions: parseMastodonOptions,

    async verify(ctx) {
      mastodonCredentials(ctx.env);
      verifyChannelTemplates(ctx.options, ctx.config);
    },

    async probe(ctx) {
      const client = createClient(deps, ctx);
      const account = await checkCredentials(client);
      const limits = await instanceLimits(client);
      ctx.log.info(`mastodon: token valid for @${account}; the instance allows ${limits.maxCharacters} characters (URLs count ${limits.urlLength})`);
      if (limits.maxCharacters < ctx.options.maxCharacters) {
        ctx.log.warn(`mastodon: maxCharacters is ${ctx.options.maxCharacters} but the instance allows only ${limits.maxCharacters}: the post will be recomposed`);
      }
    },

    async render(issue, ctx) {
      const { options } = ctx;
      const language = options.language ?? issue.language;
      const counter = mastodonCounter();
      const limit = options.maxCharacters;
      const a = announce(issue, { hashtags: options.hashtags, language, ...(options.templateDir ? { templateDir: options.templateDir } : {}) }, counter, limit);
      const thread = options.thread ? composeThread(a.highlights, language, counter, limit) : [];
      const first = issue.images[0];
      const alt = first ? (first.alt || first.caption || first.title || '').trim() : '';
      // An image without a description shuts out screen-reader users: better none.
      const image = options.image && first && alt !== '' ? { url: first.src, alt } : undefined;
      const payload: MastodonPayload = {
        issueId: issue.id,
        issueKey: issue.key,
        text: a.composition.text,
        length: a.composition.length,
        limit,
        visibility: options.visibility,
        language,
        input: a.input,
        template: a.template.source,
        highlights: a.highlights,
        thread,
        ...(image ? { image } : {}),
      };
      const finding = lengthFinding('mastodon', issue, a.composition);
      const plan = [
        ...planLines(`${options.visibility} post in ${language}`, a.composition.text, a.composition.length, limit),
        ...thread.flatMap((reply, i) => planLines(`reply ${i + 1}`, reply, counter.count(reply), limit)),
        ...(image ? [`image ${image.url} (alt: ${image.alt})`] : []),
      ];
      return {
        artifacts: [
          { issue: issue.key, path: `${issue.key}/mastodon.txt`, mediaType: 'text/plain; charset=utf-8', content: a.composition.text + '\n' },
          ...(thread.length > 0 ? [{ issue: issue.key, path: `${issue.key}/mastodon-thread.txt`, mediaType: 'text/plain; charset=utf-8', content: thread.join('\n\n---\n\n') + '\n' }] : []),
        ],
        payload,
        plan,
        cards: [postsCard(issue.key, 'Mastodon', [a.composition.text, ...thread], { counter, limit, rule: 'characters, every link counts 23' })],
        ...(finding ? { findings: [finding] } : {}),
      };
    },

    publish: (payload, ctx) => publishMastodon(deps, payload, ctx),
    describe: (receipt) => `posted ${receipt.url}${receipt.thread.length > 0 ? ` with ${receipt.thread.length} repl${receipt.thread.length === 1 ? 'y' : 'ies'}` : ''}${receipt.threadError ? ` (thread incomplete: ${receipt.threadError})` : ''}`,
  };
}

export const mastodonChannel: AnyChannel = defineChannel(createMastodonChannel());
