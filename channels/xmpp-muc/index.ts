// The `xmpp-muc` channel: the announcement as one message in a chat room (the
// XSF's commteam@muc.xmpp.org), joined without history and left right after.
// Exactly once: a deterministic origin-id (XEP-0359), searched in the room's
// archive (XEP-0313) before sending when the room has one; without an archive
// only the ledger guards against a second message.
import { createHash } from 'node:crypto';
import type { PostsCard } from '../../src/card.js';
import { PublishError } from '../../src/errors.js';
import { defineChannel, type AnyChannel, type Channel } from '../../src/channel.js';
import { announce, lengthFinding, planLines } from '../announcement/announce.js';
import { graphemeLength, type LengthCounter } from '../announcement/length.js';
import { verifyChannelTemplates } from '../announcement/template.js';
import { xmppCredentials } from '../xmpp/credentials.js';
import { connectXmpp, withSession, type Connect } from '../xmpp/session.js';
import { parseXmppMucOptions, type XmppMucOptions } from './options.js';
import { archived, join, leave, roomInfo, send } from './room.js';

export type { XmppMucOptions } from './options.js';

const CHANNEL = 'xmpp-muc';
/** Rooms have no length rule; a chat message longer than this stops being an announcement. */
export const MUC_MAX_GRAPHEMES = 1000;

export interface XmppMucPayload {
  readonly issueId: string;
  readonly issueKey: string;
  readonly date: string;
  readonly text: string;
  readonly length: number;
  readonly language: string;
  readonly originId: string;
}

export interface XmppMucReceipt {
  readonly channel: 'xmpp-muc';
  readonly room: string;
  readonly originId: string;
  /** The room's own id for the message (XEP-0359 stanza-id), when it gives one. */
  readonly stanzaId?: string;
  /** True when the room's archive already held the message (an earlier run crashed before the ledger write). */
  readonly existing: boolean;
  /** Whether the room has an archive that was searched before sending. */
  readonly archive: boolean;
}

export function describe(receipt: XmppMucReceipt): string {
  return `${receipt.existing ? 'already in' : 'sent to'} ${receipt.room} (origin-id ${receipt.originId}${receipt.archive ? '' : ', room without archive: only the ledger guards it'})`;
}

/** The review card (kind `posts`) of a rendered payload. */
export function xmppMucCard(payload: XmppMucPayload, room: string): PostsCard {
  return { kind: 'posts', issue: payload.issueKey, label: `Chat room ${room}`, posts: [{ text: payload.text, length: payload.length, limit: MUC_MAX_GRAPHEMES, rule: 'graphemes (rooms set no limit; longer stops being an announcement)' }] };
}

/** The same issue in the same room always gets the same origin-id; the text may change, the id does not. */
export function mucOriginId(issueId: string, room: string): string {
  return `newsletter-${createHash('sha256').update(`${issueId}\u0000${CHANNEL}\u0000${room}`, 'utf8').digest('hex').slice(0, 32)}`;
}

const counter: LengthCounter = { platform: 'xmpp-muc', count: graphemeLength };

export function createXmppMucChannel(overrides: { connect?: Connect } = {}): Channel<XmppMucOptions, XmppMucPayload, XmppMucReceipt> {
  const connect = overrides.connect ?? connectXmpp;
  return {
    name: CHANNEL,
    scope: 'issue',
    phase: 1,
    parseOptions: parseXmppMucOptions,

    async verify(ctx) {
      xmppCredentials(ctx.env, CHANNEL);
      verifyChannelTemplates(ctx.options, ctx.config);
    },

    async probe(ctx) {
      await withSession(connect, ctx, CHANNEL, async (session) => {
        const info = await roomInfo(session, ctx.options.room);
        if (info.features.has('muc_passwordprotected')) throw new PublishError('NP400', `xmpp-muc: ${ctx.options.room} is password-protected`, ['the channel has no room password option']);
        if (info.features.has('muc_membersonly')) ctx.log.warn(`xmpp-muc: ${ctx.options.room} is members-only: ${session.jid.split('/')[0]} must be a member`);
        if (info.features.has('muc_moderated')) ctx.log.warn(`xmpp-muc: ${ctx.options.room} is moderated: "${ctx.options.nick}" needs voice to speak`);
        ctx.log.info(`xmpp-muc: logged in as ${session.jid}; room ${ctx.options.room} exists, ${info.archive ? 'with an archive (MAM): a re-run finds an earlier message' : 'without an archive: only the ledger guards against a second message'}`);
      });
    },

    async render(issue, ctx) {
      const { options } = ctx;
      const language = options.language ?? issue.language;
      const a = announce(issue, { hashtags: options.hashtags, language, ...(options.templateDir ? { templateDir: options.templateDir } : {}) }, counter, MUC_MAX_GRAPHEMES);
      const payload: XmppMucPayload = {
        issueId: issue.id,
        issueKey: issue.key,
        date: issue.date,
        text: a.composition.text,
        length: a.composition.length,
        language,
        originId: mucOriginId(issue.id, options.room),
      };
      const finding = lengthFinding(CHANNEL, issue, a.composition);
      return {
        artifacts: [{ issue: issue.key, path: `${issue.key}/muc.txt`, mediaType: 'text/plain; charset=utf-8', content: payload.text + '\n' }],
        payload,
        plan: [...planLines(`message to ${options.room} as "${options.nick}"`, payload.text, payload.length, MUC_MAX_GRAPHEMES), `origin-id ${payload.originId}`],
        cards: [xmppMucCard(payload, options.room)],
        ...(finding ? { findings: [finding] } : {}),
      };
    },

    publish: (payload, ctx) =>
      withSession(connect, ctx, CHANNEL, async (session) => {
        const { room, nick } = ctx.options;
        const info = await roomInfo(session, room);
        await join(session, room, nick);
        try {
          // Search from a day before the issue's date: clocks and time zones differ, announcements come after.
          const since = new Date(Date.parse(payload.date) - 86_400_000).toISOString();
          if (info.archive && (await archived(session, room, payload.originId, since))) {
            ctx.log.info(`xmpp-muc: the announcement (origin-id ${payload.originId}) is already in ${room}'s archive; not sending again`);
            return { channel: 'xmpp-muc', room, originId: payload.originId, existing: true, archive: true };
          }
          if (!info.archive) ctx.log.warn(`xmpp-muc: ${room} keeps no archive (MAM): only the ledger guards against a second message`);
          const stanzaId = await send(session, room, nick, payload.text, payload.originId, payload.language);
          ctx.log.info(`xmpp-muc: sent the announcement to ${room} as "${nick}" (${payload.length} graphemes)`);
          return { channel: 'xmpp-muc', room, originId: payload.originId, ...(stanzaId ? { stanzaId } : {}), existing: false, archive: info.archive };
        } finally {
          await leave(session, room, nick);
        }
      }),
    describe,
  };
}

export const xmppMucChannel: AnyChannel = defineChannel(createXmppMucChannel());
