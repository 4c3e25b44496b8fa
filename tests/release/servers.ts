// The servers a live release talks to, each on 127.0.0.1, started once per
// test file: an SMTP server and the fake Mastodon and Twitter servers (the
// classic four channels), and the test PDS and Debian's Prosody (Bluesky,
// XMPP PubSub, the MUC room). Each set hands back the environment a release
// needs to reach it, and counts what it received.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AtpAgent } from '@atproto/api';
import { PUBSUB } from '../../channels/xmpp-pubsub/publish.js';
import type { Element, XmppSession } from '../../channels/xmpp/session.js';
import { xml } from '../../channels/xmpp/session.js';
import { hasPds, startPds, type TestPds } from '../channels/bluesky/pds.js';
import { startSmtp, type SmtpHarness } from '../channels/email/smtp-harness.js';
import { FakeMastodon } from '../channels/social/fakes/mastodon-server.js';
import { FAKE_CREDENTIALS, FakeTwitter } from '../channels/social/fakes/twitter-server.js';
import { DOMAIN, hasProsody, MUC_HOST, notifications, prepareNewsAndReader, PUBSUB_HOST, startProsody, type TestProsody } from '../channels/xmpp/prosody.js';
import { tempDir } from '../core/helpers.js';

export interface ClassicServers {
  readonly smtp: SmtpHarness;
  readonly mastodon: FakeMastodon;
  readonly twitter: FakeTwitter;
  /** SMTP_URL, MASTODON_*, TWITTER_* and the CA that makes the fake Twitter's TLS trusted. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startClassicServers(options: { keepRaw?: boolean } = {}): Promise<ClassicServers> {
  const [smtp, mastodon, twitter] = await Promise.all([startSmtp({}, { keepRaw: options.keepRaw ?? false }), new FakeMastodon().start(), new FakeTwitter().start()]);
  const caFile = path.join(tempDir('np-ca-'), 'ca.pem');
  writeFileSync(caFile, twitter.ca);
  return {
    smtp,
    mastodon,
    twitter,
    env: {
      SMTP_URL: smtp.url,
      MASTODON_URL: mastodon.url,
      MASTODON_TOKEN: mastodon.token,
      TWITTER_API_URL: twitter.url,
      TWITTER_API_KEY: FAKE_CREDENTIALS.appKey,
      TWITTER_API_SECRET: FAKE_CREDENTIALS.appSecret,
      TWITTER_ACCESS_TOKEN: FAKE_CREDENTIALS.accessToken,
      TWITTER_ACCESS_SECRET: FAKE_CREDENTIALS.accessSecret,
      NODE_EXTRA_CA_CERTS: caFile,
    },
    stop: async () => {
      await Promise.all([smtp.close(), mastodon.stop(), twitter.stop()]);
    },
  };
}

export const hasOpenServers = hasPds && hasProsody;
export const NEWS_NODE = 'News';
export const ROOM = `commteam@${MUC_HOST}`;
export const ROOM_NICK = 'Newsletter';
const EDITOR_PASSWORD = 'editor-secret';

/** The three open-protocol channels as the XSF configures them, pointed at the test servers. */
export function openChannelsConfig(image: string): string {
  return [
    '  - name: bluesky',
    '    hashtags: [XMPP, Jabber]',
    `    image: ${image}`,
    '  - name: xmpp-pubsub',
    `    service: ${PUBSUB_HOST}`,
    `    node: ${NEWS_NODE}`,
    '  - name: xmpp-muc',
    `    room: ${ROOM}`,
    `    nick: ${ROOM_NICK}`,
    '',
  ].join('\n');
}

/** What the open servers hold for one issue, found by its canonical URL. */
export interface OpenCounts {
  /** Post records on the PDS whose text has the URL. */
  readonly posts: number;
  /** Items on the News node whose Atom entry links to the URL. */
  readonly items: number;
  /** Notifications of those items the subscribed reader received. */
  readonly notifications: number;
  /** Room messages from our nick that carry the URL, as the reader in the room saw them. */
  readonly roomMessages: number;
}

export interface PostRecord {
  readonly uri: string;
  readonly value: {
    readonly text: string;
    readonly facets?: readonly { index: { byteStart: number; byteEnd: number }; features: readonly { $type: string; uri?: string; tag?: string }[] }[];
    readonly embed?: { external?: { uri: string; title: string; thumb?: { ref: { toString(): string }; size: number } } };
  };
}

export interface OpenServers {
  readonly pds: TestPds;
  readonly prosody: TestProsody;
  /** reader@localhost: subscribed to the node, sitting in the room; every stanza it received. */
  readonly stanzas: Element[];
  /** BLUESKY_* and XMPP_* for the editor's accounts. */
  readonly env: Record<string, string>;
  /** Secrets that must never show in output or files. */
  readonly secrets: readonly string[];
  posts(): Promise<PostRecord[]>;
  /** The thumbnail blob's bytes, as the PDS serves them. */
  blob(cid: string): Promise<Buffer>;
  counts(url: string): Promise<OpenCounts>;
  stop(): Promise<void>;
}

export async function startOpenServers(): Promise<OpenServers> {
  const [pds, prosody] = await Promise.all([startPds(), startProsody({ editor: EDITOR_PASSWORD, reader: 'reader-secret' }, [`editor@${DOMAIN}`])]);
  const stanzas: Element[] = [];
  let reader: XmppSession;
  try {
    reader = await prepareNewsAndReader(prosody, NEWS_NODE, ROOM, stanzas);
  } catch (error) {
    await Promise.all([pds.stop(), prosody.stop()]);
    throw error;
  }
  const agent = new AtpAgent({ service: pds.url });
  const posts = async () => (await agent.com.atproto.repo.listRecords({ repo: pds.did, collection: 'app.bsky.feed.post', limit: 100 })).data.records as unknown as PostRecord[];
  const nodeItems = async (): Promise<Element[]> =>
    (await reader.iq(xml('iq', { type: 'get', to: PUBSUB_HOST }, xml('pubsub', { xmlns: PUBSUB }, xml('items', { node: NEWS_NODE }))))).getChild('pubsub', PUBSUB)?.getChild('items')?.getChildren('item') ?? [];
  const linksTo = (item: Element, url: string) => item.getChild('entry', 'http://www.w3.org/2005/Atom')?.getChildren('link').some((l: Element) => l.attrs['href'] === url) ?? false;
  return {
    pds,
    prosody,
    stanzas,
    env: {
      BLUESKY_IDENTIFIER: pds.handle,
      BLUESKY_APP_PASSWORD: pds.appPassword,
      BLUESKY_SERVICE: pds.url,
      XMPP_JID: `editor@${DOMAIN}`,
      XMPP_PASSWORD: EDITOR_PASSWORD,
      XMPP_SERVICE: prosody.service,
    },
    secrets: [EDITOR_PASSWORD, pds.appPassword],
    posts,
    blob: async (cid) => Buffer.from((await agent.com.atproto.sync.getBlob({ did: pds.did, cid })).data),
    counts: async (url) => {
      // Notifications and room messages travel on their own: give the last ones time to arrive.
      await new Promise((r) => setTimeout(r, 300));
      const items = (await nodeItems()).filter((item) => linksTo(item, url));
      return {
        posts: (await posts()).filter((r) => r.value.text.includes(url)).length,
        items: items.length,
        notifications: items.reduce((n, item) => n + notifications(stanzas, item.attrs['id'] ?? '').length, 0),
        roomMessages: stanzas.filter((s) => s.is('message') && s.attrs['type'] === 'groupchat' && s.attrs['from'] === `${ROOM}/${ROOM_NICK}` && (s.getChildText('body') ?? '').includes(url)).length,
      };
    },
    stop: async () => {
      await reader.close();
      await Promise.all([pds.stop(), prosody.stop()]);
    },
  };
}
