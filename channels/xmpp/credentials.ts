// XMPP_JID, XMPP_PASSWORD and the optional XMPP_SERVICE, shared by the
// xmpp-pubsub and xmpp-muc channels.
import type { Env } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';

export interface XmppCredentials {
  readonly jid: string;
  readonly local: string;
  readonly domain: string;
  readonly password: string;
  /** Where to connect: XMPP_SERVICE, else the JID's domain (resolved by SRV records). */
  readonly service: string;
  /** Plain-text streams are allowed only to this machine. */
  readonly loopback: boolean;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]', '::1'];
// A bare JID: localpart@domain, without resource; RFC 7622 forbids these in the localpart.
const BARE_JID = /^([^"&'/:<>@\s]+)@([^/@\s]+)$/u;

export function xmppCredentials(env: Env, channel: string): XmppCredentials {
  const missing = ['XMPP_JID', 'XMPP_PASSWORD'].filter((name) => !env[name]?.trim());
  if (missing.length > 0) throw new PublishError('NP202', `${channel} needs ${missing.join(' and ')}`, missing.map((name) => `${name} is not set`));
  const jid = (env['XMPP_JID'] ?? '').trim();
  const password = env['XMPP_PASSWORD'] ?? '';
  const serviceText = (env['XMPP_SERVICE'] ?? '').trim();
  const problems: string[] = [];
  const match = BARE_JID.exec(jid);
  if (!match) problems.push('XMPP_JID must be a bare JID such as newsletter@xmpp.org (no resource)');
  let service: URL | undefined;
  if (serviceText !== '') {
    try {
      service = new URL(serviceText);
    } catch {
      problems.push('XMPP_SERVICE is not a URL (expected xmpp://host:5222 or xmpps://host:5223)');
    }
    if (service && !['xmpp:', 'xmpps:'].includes(service.protocol)) problems.push('XMPP_SERVICE must start with xmpp:// (STARTTLS) or xmpps:// (direct TLS)');
  }
  if (problems.length > 0) throw new PublishError('NP202', `${channel}: XMPP credentials are malformed`, problems);
  const domain = match?.[2] ?? '';
  return {
    jid,
    local: match?.[1] ?? '',
    domain,
    password,
    service: service ? `${service.protocol}//${service.host}` : domain,
    loopback: service !== undefined && LOOPBACK.includes(service.hostname),
  };
}
