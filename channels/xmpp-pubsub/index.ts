// The `xmpp-pubsub` channel: the issue as an Atom entry on a PubSub node (a
// Movim community such as news.xmpp.org / News), exactly once.
import type { FeedEntryCard } from '../../src/card.js';
import { defineChannel, type AnyChannel, type Channel } from '../../src/channel.js';
import type { Issue } from '../../src/model.js';
import { xmppCredentials } from '../xmpp/credentials.js';
import { connectXmpp, withSession, type Connect } from '../xmpp/session.js';
import { atomEntry, pubsubItemId, SOCIAL_FEED } from './entry.js';
import { parseXmppPubsubOptions, type XmppPubsubOptions } from './options.js';
import { checkNode, CHANNEL, describeXmppPubsubReceipt, publishEntry, type XmppPubsubPayload, type XmppPubsubReceipt } from './publish.js';
import { parseXml } from '../xmpp/parse.js';

export type { XmppPubsubOptions } from './options.js';
export type { XmppPubsubPayload, XmppPubsubReceipt } from './publish.js';
export { atomEntry, pubsubItemId } from './entry.js';

export const describe = (receipt: XmppPubsubReceipt): string => describeXmppPubsubReceipt(receipt);

/** The review card (kind `feed-entry`): the Atom entry as a PubSub client shows it, from the same issue fields. */
export function xmppPubsubCard(issue: Issue, payload: XmppPubsubPayload, options: XmppPubsubOptions, file: string): FeedEntryCard {
  return {
    kind: 'feed-entry',
    issue: issue.key,
    label: 'XMPP PubSub entry',
    feedTitle: `${options.service} · ${options.node}`,
    entry: {
      id: payload.itemId,
      title: payload.title,
      link: payload.url,
      published: issue.date,
      updated: issue.updated,
      authors: issue.authors,
      summary: issue.summary.trim(),
      contentHtml: issue.html,
      language: issue.language,
    },
    files: [file],
  };
}

export interface XmppPubsubDeps {
  readonly connect: Connect;
}

export function createXmppPubsubChannel(overrides: Partial<XmppPubsubDeps> = {}): Channel<XmppPubsubOptions, XmppPubsubPayload, XmppPubsubReceipt> {
  const deps: XmppPubsubDeps = { connect: connectXmpp, ...overrides };
  return {
    name: CHANNEL,
    scope: 'issue',
    phase: 1,
    parseOptions: parseXmppPubsubOptions,

    async verify(ctx) {
      xmppCredentials(ctx.env, CHANNEL);
    },

    async probe(ctx) {
      await withSession(deps.connect, ctx, CHANNEL, async (session) => {
        const type = await checkNode(session, ctx.options, (line) => ctx.log.warn(line));
        ctx.log.info(`xmpp-pubsub: logged in as ${session.jid}; node ${ctx.options.node} on ${ctx.options.service} exists${type ? ` (type ${type})` : ''}`);
        if (type !== '' && type !== SOCIAL_FEED && type !== 'urn:xmpp:microblog:0') ctx.log.warn(`xmpp-pubsub: node ${ctx.options.node} has type ${type}, not ${SOCIAL_FEED}: clients may not show Atom entries`);
      });
    },

    async render(issue, ctx) {
      const itemId = pubsubItemId(issue.id);
      const entry = atomEntry(issue, itemId).toString();
      const payload: XmppPubsubPayload = { issueId: issue.id, issueKey: issue.key, itemId, entry, title: issue.title, url: issue.canonicalUrl };
      const file = `${issue.key}/pubsub-entry.xml`;
      return {
        artifacts: [{ issue: issue.key, path: file, mediaType: 'application/atom+xml; charset=utf-8', content: `<?xml version="1.0" encoding="utf-8"?>\n${entry}\n` }],
        payload,
        cards: [xmppPubsubCard(issue, payload, ctx.options, file)],
        plan: [`Atom entry "${issue.title}" (${Buffer.byteLength(entry)} bytes) to ${ctx.options.service} node ${ctx.options.node} as item ${itemId}`],
      };
    },

    publish: (payload, ctx) => withSession(deps.connect, ctx, CHANNEL, (session) => publishEntry(session, payload, ctx.options, ctx, parseXml)),
    describe,
  };
}

export const xmppPubsubChannel: AnyChannel = defineChannel(createXmppPubsubChannel());
