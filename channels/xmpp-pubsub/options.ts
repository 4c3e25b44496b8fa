import type { Config } from '../../src/config.js';
import type { Env } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { isRecord, unknownKeys, type Problems } from '../announcement/options.js';

export interface XmppPubsubOptions {
  /** JID of the PubSub service, e.g. news.xmpp.org. */
  readonly service: string;
  /** Node on that service, e.g. News. */
  readonly node: string;
}

const KNOWN = ['service', 'node'];
const PREFIX = 'channels.xmpp-pubsub';
/** A domain JID: no localpart, no resource. */
const DOMAIN_JID = /^[^@/\s]+\.[^@/\s]+$|^localhost$/;

export function parseXmppPubsubOptions(raw: unknown, _env: Env, _config: Config): XmppPubsubOptions {
  const problems: Problems = [];
  if (!isRecord(raw)) throw new PublishError('NP204', 'xmpp-pubsub options must be a mapping with service and node', [`${PREFIX}: got ${raw === null || raw === undefined ? 'nothing' : typeof raw}`]);
  unknownKeys(raw, KNOWN, PREFIX, problems);
  const service = raw['service'];
  const node = raw['node'];
  if (typeof service !== 'string' || !DOMAIN_JID.test(service.trim())) problems.push(`${PREFIX}.service: must be the PubSub service's JID, e.g. news.xmpp.org`);
  if (typeof node !== 'string' || node.trim() === '') problems.push(`${PREFIX}.node: must be the node's name, e.g. News`);
  if (problems.length > 0) throw new PublishError('NP204', `xmpp-pubsub options have ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  return { service: String(service).trim(), node: String(node).trim() };
}
