// One XMPP connection for one step: login (TLS required except to this
// machine), a few IQs, stop. Injected as `connect` so tests can swap it.
import { randomBytes } from 'node:crypto';
import { client, xml, type Element, type XmppClient } from '@xmpp/client';
import type { ChannelContext } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { xmppCredentials, type XmppCredentials } from './credentials.js';

export { xml, type Element };

export interface XmppSession {
  readonly jid: string;
  readonly client: XmppClient;
  /** Sends an IQ and returns the result; an error answer rejects with StanzaError (its `condition`). */
  iq(stanza: Element, timeoutMs?: number): Promise<Element>;
  close(): Promise<void>;
}

export type Connect = (credentials: XmppCredentials, channel: string) => Promise<XmppSession>;

const CONNECT_TIMEOUT_MS = 30_000;

export const connectXmpp: Connect = async (credentials, channel) => {
  let refusedPlaintext = false;
  const xmpp = client({
    service: credentials.service,
    domain: credentials.domain,
    // A resource of our own: a second run never kicks out a first one still closing.
    resource: `newsletter-publisher-${randomBytes(4).toString('hex')}`,
    credentials: async (authenticate, mechanisms, _fast, entity) => {
      const secure = entity.isSecure();
      if (!secure && !credentials.loopback) {
        refusedPlaintext = true;
        throw new Error('the server offered no TLS');
      }
      // Over TLS the library's preferred mechanism (SCRAM first). On loopback without TLS, PLAIN:
      // the password never leaves this machine, and the library's SCRAM costs seconds of CPU here.
      const mechanism = secure ? mechanisms[0] : mechanisms.includes('PLAIN') ? 'PLAIN' : mechanisms[0];
      await authenticate({ username: credentials.local, password: credentials.password }, mechanism);
    },
  });
  xmpp.reconnect.stop();
  let lastError: Error | undefined;
  xmpp.on('error', (error: Error) => void (lastError = error));
  try {
    await withTimeout(xmpp.start(), CONNECT_TIMEOUT_MS, 'login timed out');
  } catch (error) {
    await xmpp.stop().catch(() => undefined);
    if (refusedPlaintext) throw new PublishError('NP400', `${channel}: ${credentials.service} offered no TLS; the password was not sent`, ['XMPP needs TLS except to 127.0.0.1 (set XMPP_SERVICE to an xmpps:// address or fix the server)']);
    const message = describe(lastError ?? error);
    if (/not-authorized|auth/i.test(message)) throw new PublishError('NP400', `${channel}: ${credentials.jid} could not log in`, [message, 'check XMPP_JID and XMPP_PASSWORD'], { cause: error });
    throw new PublishError('NP400', `${channel}: cannot connect to ${credentials.service}`, [message], { cause: error });
  }
  return {
    jid: xmpp.jid?.toString() ?? credentials.jid,
    client: xmpp,
    iq: (stanza, timeoutMs = CONNECT_TIMEOUT_MS) => xmpp.iqCaller.request(stanza, timeoutMs),
    close: async () => {
      await withTimeout(xmpp.stop(), 5000, 'logout timed out').catch(() => undefined);
    },
  };
};

/** The defined condition of an error answer (`item-not-found`…), if that is what it is. */
export function stanzaCondition(error: unknown): string | undefined {
  const condition = typeof error === 'object' && error !== null && 'condition' in error ? (error as { condition: unknown }).condition : undefined;
  return typeof condition === 'string' ? condition : undefined;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** disco#info of an entity or node: its identities' categories/types, features and the first data form's fields. */
export async function discoInfo(session: XmppSession, to: string, node?: string): Promise<{ features: Set<string>; identities: string[]; fields: Map<string, string> }> {
  const result = await session.iq(xml('iq', { type: 'get', to }, xml('query', { xmlns: 'http://jabber.org/protocol/disco#info', ...(node ? { node } : {}) })));
  const query = result.getChild('query', 'http://jabber.org/protocol/disco#info');
  const features = new Set((query?.getChildren('feature') ?? []).map((f) => f.attrs['var'] ?? ''));
  const identities = (query?.getChildren('identity') ?? []).map((i) => `${i.attrs['category']}/${i.attrs['type']}`);
  const fields = new Map<string, string>();
  for (const field of query?.getChild('x', 'jabber:x:data')?.getChildren('field') ?? []) fields.set(field.attrs['var'] ?? '', field.getChildText('value') ?? '');
  return { features, identities, fields };
}

/** One login for one step (probe or publish), always closed again. */
export async function withSession<T>(connect: Connect, ctx: ChannelContext<unknown>, channel: string, work: (session: XmppSession) => Promise<T>): Promise<T> {
  const session = await connect(xmppCredentials(ctx.env, channel), channel);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
