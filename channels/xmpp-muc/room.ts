// Join without history, search the archive, send, leave: one announcement in
// a MUC room, exactly once where the room keeps an archive (MAM).
import { randomBytes } from 'node:crypto';
import { PublishError } from '../../src/errors.js';
import { describe, discoInfo, stanzaCondition, withTimeout, xml, type Element, type XmppSession } from '../xmpp/session.js';

const MUC = 'http://jabber.org/protocol/muc';
const MUC_USER = 'http://jabber.org/protocol/muc#user';
export const MAM = 'urn:xmpp:mam:2';
const SID = 'urn:xmpp:sid:0';
const FORWARD = 'urn:xmpp:forward:0';
const RSM = 'http://jabber.org/protocol/rsm';
const STEP_TIMEOUT_MS = 20_000;
/**
 * Archive pages of 100 searched at most, newest first: a crashed run's message is among the
 * newest, while an old issue released late (a first release after adoption) can have far more
 * than this many messages between its date and now.
 */
const MAX_PAGES = 20;

export interface RoomInfo {
  readonly archive: boolean;
  readonly features: ReadonlySet<string>;
}

export async function roomInfo(session: XmppSession, room: string): Promise<RoomInfo> {
  try {
    const info = await discoInfo(session, room);
    if (!info.identities.includes('conference/text')) throw new PublishError('NP400', `xmpp-muc: ${room} is not a chat room`, [`its identities: ${info.identities.join(', ') || 'none'}`]);
    return { archive: info.features.has(MAM), features: info.features };
  } catch (error) {
    if (error instanceof PublishError) throw error;
    if (stanzaCondition(error) === 'item-not-found') throw new PublishError('NP400', `xmpp-muc: room ${room} does not exist`, ['create it first, or fix channels.xmpp-muc.room']);
    throw new PublishError('NP400', `xmpp-muc: cannot query room ${room}`, [describe(error)], { cause: error });
  }
}

/** Enter the room as `nick`, asking for no history; resolves on our own presence (status 110). */
export async function join(session: XmppSession, room: string, nick: string): Promise<void> {
  const occupant = `${room}/${nick}`;
  const joined = waitFor<true>(session, (stanza) => {
    if (!stanza.is('presence') || stanza.attrs['from'] !== occupant) return undefined;
    if (stanza.attrs['type'] === 'error') return new PublishError('NP500', `xmpp-muc: cannot join ${room} as "${nick}"`, [errorText(stanza)]);
    const self = stanza.getChild('x', MUC_USER)?.getChildren('status').some((s: Element) => s.attrs['code'] === '110');
    return self ? true : undefined;
  });
  await session.client.send(xml('presence', { to: occupant }, xml('x', { xmlns: MUC }, xml('history', { maxstanzas: '0' }))));
  await joined;
}

export async function leave(session: XmppSession, room: string, nick: string): Promise<void> {
  await session.client.send(xml('presence', { to: `${room}/${nick}`, type: 'unavailable' })).catch(() => undefined);
}

/**
 * Whether the room's archive holds a message with this origin-id (or message id), since `start`.
 * Pages backwards from the newest message (RSM `<before/>`), so the newest MAX_PAGES pages are
 * read whatever the date.
 */
export async function archived(session: XmppSession, room: string, originId: string, start: string | undefined): Promise<boolean> {
  let before = ''; // empty: the last page
  for (let page = 0; page < MAX_PAGES; page++) {
    const queryid = randomBytes(6).toString('hex');
    let found = false;
    const onStanza = (stanza: Element) => {
      const result = stanza.getChild('result', MAM);
      if (!result || result.attrs['queryid'] !== queryid) return;
      const message = result.getChild('forwarded', FORWARD)?.getChild('message');
      if (message && (message.attrs['id'] === originId || message.getChildren('origin-id', SID).some((o: Element) => o.attrs['id'] === originId))) found = true;
    };
    session.client.on('stanza', onStanza);
    let fin: Element | undefined;
    try {
      const form = xml('x', { xmlns: 'jabber:x:data', type: 'submit' }, xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, MAM)), start ? xml('field', { var: 'start' }, xml('value', {}, start)) : null);
      const result = await session.iq(xml('iq', { type: 'set', to: room }, xml('query', { xmlns: MAM, queryid }, form, xml('set', { xmlns: RSM }, xml('max', {}, '100'), before ? xml('before', {}, before) : xml('before')))), STEP_TIMEOUT_MS);
      fin = result.getChild('fin', MAM);
    } catch (error) {
      throw new PublishError('NP500', `xmpp-muc: cannot search the archive of ${room}`, [describe(error), 'nothing was sent'], { cause: error });
    } finally {
      session.client.removeListener('stanza', onStanza);
    }
    if (found) return true;
    const first = fin?.getChild('set', RSM)?.getChildText('first');
    if (!fin || fin.attrs['complete'] === 'true' || !first) return false;
    before = first;
  }
  return false;
}

/** Send the announcement; resolves with the room's stanza-id once the room reflects it back to us. */
export async function send(session: XmppSession, room: string, nick: string, text: string, originId: string, language: string): Promise<string | undefined> {
  const reflected = waitFor<string>(session, (stanza) => {
    if (!stanza.is('message') || stanza.attrs['from'] !== `${room}/${nick}`) return undefined;
    if (stanza.attrs['type'] === 'error') return new PublishError('NP500', `xmpp-muc: ${room} refused the message`, [errorText(stanza)]);
    const ours = stanza.attrs['id'] === originId || stanza.getChildren('origin-id', SID).some((o: Element) => o.attrs['id'] === originId);
    if (!ours) return undefined;
    return stanza.getChildren('stanza-id', SID).find((s: Element) => s.attrs['by'] === room)?.attrs['id'] ?? '';
  });
  await session.client.send(xml('message', { type: 'groupchat', to: room, id: originId, 'xml:lang': language }, xml('body', {}, text), xml('origin-id', { xmlns: SID, id: originId })));
  const stanzaId = await reflected;
  return stanzaId === '' ? undefined : stanzaId;
}

/** The first stanza `match` answers for (a value, or an error to throw), within the step timeout. */
function waitFor<T>(session: XmppSession, match: (stanza: Element) => T | Error | undefined): Promise<T> {
  let listener: ((stanza: Element) => void) | undefined;
  const promise = new Promise<T>((resolve, reject) => {
    listener = (stanza: Element) => {
      const outcome = match(stanza);
      if (outcome === undefined) return;
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    session.client.on('stanza', listener);
  });
  return withTimeout(promise, STEP_TIMEOUT_MS, 'the room did not answer in time').finally(() => {
    if (listener) session.client.removeListener('stanza', listener);
  });
}

function errorText(stanza: Element): string {
  const error = stanza.getChild('error');
  const condition = error?.getChildElements().find((c: Element) => c.name !== 'text')?.name ?? 'unknown error';
  const text = error?.getChildText('text', 'urn:ietf:params:xml:ns:xmpp-stanzas');
  return text ? `${condition}: ${text}` : condition;
}
