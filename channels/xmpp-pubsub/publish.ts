// The one side effect: publish the entry as item <itemId>, once. Publishing an
// existing id again would overwrite it and notify every subscriber again, so
// the item is asked for first, and again after any error before a retry.
import type { ChannelContext } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { describe, discoInfo, stanzaCondition, xml, type Element, type XmppSession } from '../xmpp/session.js';
import type { XmppPubsubOptions } from './options.js';

export const PUBSUB = 'http://jabber.org/protocol/pubsub';
export const CHANNEL = 'xmpp-pubsub';
const PUBLISH_ATTEMPTS = 3;

export interface XmppPubsubPayload {
  readonly issueId: string;
  readonly issueKey: string;
  readonly itemId: string;
  /** The Atom entry, serialised. */
  readonly entry: string;
  readonly title: string;
  readonly url: string;
}

export interface XmppPubsubReceipt {
  readonly channel: 'xmpp-pubsub';
  readonly service: string;
  readonly node: string;
  readonly itemId: string;
  /** xmpp: URI of the item (XEP-0060 §4.2 query actions). */
  readonly uri: string;
  /** True when the item was already on the node (an earlier run crashed before the ledger write). */
  readonly existing: boolean;
}

export function describeXmppPubsubReceipt(receipt: XmppPubsubReceipt): string {
  return `${receipt.existing ? 'already on' : 'published to'} ${receipt.service} node ${receipt.node} as item ${receipt.itemId}`;
}

/** Whether the node holds the item. `item-not-found` is the answer for a missing item. */
export async function itemExists(session: XmppSession, service: string, node: string, itemId: string): Promise<boolean> {
  try {
    const result = await session.iq(xml('iq', { type: 'get', to: service }, xml('pubsub', { xmlns: PUBSUB }, xml('items', { node }, xml('item', { id: itemId })))));
    const items = result.getChild('pubsub', PUBSUB)?.getChild('items');
    return (items?.getChildren('item') ?? []).some((item: Element) => item.attrs['id'] === itemId);
  } catch (error) {
    if (stanzaCondition(error) === 'item-not-found') return false;
    throw new PublishError('NP500', `xmpp-pubsub: cannot tell whether item ${itemId} is on ${service} node ${node}`, [describe(error)], { cause: error });
  }
}

/** probe: the node exists and this account may publish to it. */
export async function checkNode(session: XmppSession, options: XmppPubsubOptions, warn: (line: string) => void): Promise<string> {
  let info;
  try {
    info = await discoInfo(session, options.service, options.node);
  } catch (error) {
    const condition = stanzaCondition(error);
    if (condition === 'item-not-found') throw new PublishError('NP400', `xmpp-pubsub: node ${options.node} does not exist on ${options.service}`, ['an admin of the service creates it (Prosody lets only admins create nodes)']);
    throw new PublishError('NP400', `xmpp-pubsub: cannot query ${options.service} node ${options.node}`, [describe(error)], { cause: error });
  }
  const type = info.fields.get('pubsub#type') ?? '';
  const model = info.fields.get('pubsub#publish_model') ?? '';
  if (model === 'open') return type;
  const bare = session.jid.split('/')[0] ?? session.jid;
  const affiliation = await ownAffiliation(session, options, bare);
  if (affiliation === undefined) {
    warn(`xmpp-pubsub: ${options.service} does not tell ${bare} its affiliation with node ${options.node} (publish model ${model || 'not disclosed'}): publishing may be refused`);
  } else if (!['owner', 'publisher', 'publish-only'].includes(affiliation)) {
    throw new PublishError('NP400', `xmpp-pubsub: ${bare} may not publish to ${options.service} node ${options.node}`, [
      `its affiliation is ${affiliation || 'none'} and the node's publish model is ${model || 'not disclosed'}`,
      'ask the node owner to make this account a publisher',
    ]);
  }
  return type;
}

/**
 * Our affiliation with the node: the entity use case (XEP-0060 §5.7) first,
 * then the owner's list (§8.9, which Prosody implements). undefined when the
 * server discloses neither; '' when we are listed nowhere.
 */
async function ownAffiliation(session: XmppSession, options: XmppPubsubOptions, bare: string): Promise<string | undefined> {
  try {
    const result = await session.iq(xml('iq', { type: 'get', to: options.service }, xml('pubsub', { xmlns: PUBSUB }, xml('affiliations', { node: options.node }))));
    const entries = result.getChild('pubsub', PUBSUB)?.getChild('affiliations')?.getChildren('affiliation') ?? [];
    return entries.find((a: Element) => (a.attrs['node'] ?? options.node) === options.node)?.attrs['affiliation'] ?? '';
  } catch {
    // Not implemented (Prosody): ask as an owner would.
  }
  try {
    const result = await session.iq(xml('iq', { type: 'get', to: options.service }, xml('pubsub', { xmlns: `${PUBSUB}#owner` }, xml('affiliations', { node: options.node }))));
    const entries = result.getChild('pubsub', `${PUBSUB}#owner`)?.getChild('affiliations')?.getChildren('affiliation') ?? [];
    return entries.find((a: Element) => a.attrs['jid'] === bare)?.attrs['affiliation'] ?? '';
  } catch {
    // Only owners may list affiliations: a refusal says we are not the owner, not whether we may publish.
    return undefined;
  }
}

export async function publishEntry(session: XmppSession, payload: XmppPubsubPayload, options: XmppPubsubOptions, ctx: ChannelContext<XmppPubsubOptions>, parse: (xml: string) => Element): Promise<XmppPubsubReceipt> {
  const receipt = (existing: boolean): XmppPubsubReceipt => ({
    channel: 'xmpp-pubsub',
    service: options.service,
    node: options.node,
    itemId: payload.itemId,
    uri: `xmpp:${options.service}?;node=${encodeURIComponent(options.node)};item=${encodeURIComponent(payload.itemId)}`,
    existing,
  });
  if (await itemExists(session, options.service, options.node, payload.itemId)) {
    ctx.log.info(`xmpp-pubsub: item ${payload.itemId} is already on ${options.service} node ${options.node}; not publishing again`);
    return receipt(true);
  }
  const stanza = xml('iq', { type: 'set', to: options.service }, xml('pubsub', { xmlns: PUBSUB }, xml('publish', { node: options.node }, xml('item', { id: payload.itemId }, parse(payload.entry)))));
  let lastError: unknown;
  for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
    try {
      await session.iq(stanza);
      ctx.log.info(`xmpp-pubsub: published "${payload.title}" to ${options.service} node ${options.node} as item ${payload.itemId}`);
      return receipt(false);
    } catch (error) {
      lastError = error;
      // The server may have stored it before the error reached us: look before publishing again.
      if (await itemExists(session, options.service, options.node, payload.itemId).catch(() => false)) return receipt(true);
      const condition = stanzaCondition(error);
      if (condition === 'forbidden' || condition === 'not-authorized' || condition === 'item-not-found' || condition === 'bad-request' || condition === 'not-acceptable') break;
      ctx.log.warn(`xmpp-pubsub: publish attempt ${attempt} of ${PUBLISH_ATTEMPTS} failed (${describe(error)}); the item is not there, retrying`);
    }
  }
  throw new PublishError('NP500', `xmpp-pubsub: ${options.service} refused item ${payload.itemId} on node ${options.node}`, [describe(lastError)], { cause: lastError });
}
