// Debian's Prosody, configured in a temporary folder and started as a child
// process on 127.0.0.1 (and 127.0.0.2, a loopback address the channels treat
// as remote, for the TLS test): users, a PubSub component and a MUC component
// with an archive. Stopped (and its folder removed) after the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PUBSUB } from '../../../channels/xmpp-pubsub/publish.js';
import { xmppCredentials } from '../../../channels/xmpp/credentials.js';
import { connectXmpp, xml, type Element, type XmppSession } from '../../../channels/xmpp/session.js';

export const prosodyBinary = '/usr/bin/prosody';
export const hasProsody = existsSync(prosodyBinary);

export const DOMAIN = 'localhost';
export const PUBSUB_HOST = `pubsub.${DOMAIN}`;
export const MUC_HOST = `rooms.${DOMAIN}`;

export interface TestProsody {
  readonly port: number;
  /** XMPP_SERVICE for the channels. */
  readonly service: string;
  readonly users: Readonly<Record<string, string>>;
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Lua string literal. */
const lua = (s: string) => JSON.stringify(s);

export async function startProsody(users: Record<string, string>, admins: readonly string[]): Promise<TestProsody> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'np-prosody-'));
  const data = path.join(dir, 'data');
  // internal_plain storage pre-seeded: faster than `prosodyctl register` per user.
  mkdirSync(path.join(data, DOMAIN, 'accounts'), { recursive: true });
  for (const [user, password] of Object.entries(users)) writeFileSync(path.join(data, DOMAIN, 'accounts', `${user}.dat`), `return {\n\t["password"] = ${lua(password)};\n};\n`);
  const port = await freePort();
  const s2s = await freePort();
  const config = `
-- Written by tests/channels/xmpp/prosody.ts; a throw-away server on loopback.
run_as_root = true -- CI runs as root; this server never leaves 127.0.0.0/8
pidfile = ${lua(path.join(dir, 'prosody.pid'))}
data_path = ${lua(data)}
log = { { levels = { min = "info" }, to = "file", filename = ${lua(path.join(dir, 'prosody.log'))} } }
interfaces = { "127.0.0.1", "127.0.0.2" }
c2s_ports = { ${port} }
s2s_ports = { ${s2s} }
s2s_interfaces = { "127.0.0.1" }
component_ports = { }
http_ports = { }
https_ports = { }
modules_disabled = { "s2s" }
admins = { ${admins.map(lua).join(', ')} }
modules_enabled = { "roster", "saslauth", "disco", "ping", "posix" }
authentication = "internal_plain"
storage = "internal"
c2s_require_encryption = false
s2s_require_encryption = false
allow_unencrypted_plain_auth = true
limits = { c2s = { rate = "1mb/s" } }

VirtualHost ${lua(DOMAIN)}

Component ${lua(PUBSUB_HOST)} "pubsub"

Component ${lua(MUC_HOST)} "muc"
  modules_enabled = { "muc_mam" }
  restrict_room_creation = false
  muc_room_locking = false
  muc_room_default_public = true
  muc_room_default_persistent = true
  muc_log_by_default = true
`;
  const file = path.join(dir, 'prosody.cfg.lua');
  writeFileSync(file, config);
  const child: ChildProcess = spawn(prosodyBinary, ['--config', file, '-F'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => void (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => void (output += c.toString()));
  const log = () => {
    const file = path.join(dir, 'prosody.log');
    return output + (existsSync(file) ? readFileSync(file, 'utf8') : '');
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prosody exited with ${child.exitCode}:\n${log()}`);
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`prosody did not listen on ${port} within 20 s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    service: `xmpp://127.0.0.1:${port}`,
    users,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The XSF's set-up in miniature: `editor` (an admin: only admins create nodes
 * on Prosody) creates `node` as a social feed; `reader` subscribes to it and
 * sits in `room` (creating it), and every stanza it receives lands in `stanzas`.
 */
export async function prepareNewsAndReader(server: TestProsody, node: string, room: string, stanzas: Element[]): Promise<XmppSession> {
  const login = (user: string) => connectXmpp(xmppCredentials({ XMPP_JID: `${user}@${DOMAIN}`, XMPP_PASSWORD: server.users[user] ?? '', XMPP_SERVICE: server.service }, 'test'), 'test');
  const admin = await login('editor');
  await admin.iq(
    xml('iq', { type: 'set', to: PUBSUB_HOST }, xml('pubsub', { xmlns: PUBSUB }, xml('create', { node }), xml('configure', {},
      xml('x', { xmlns: 'jabber:x:data', type: 'submit' },
        xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, 'http://jabber.org/protocol/pubsub#node_config')),
        xml('field', { var: 'pubsub#type' }, xml('value', {}, 'urn:xmpp:pubsub-social-feed:1')),
        xml('field', { var: 'pubsub#access_model' }, xml('value', {}, 'open')),
        xml('field', { var: 'pubsub#publish_model' }, xml('value', {}, 'publishers')),
        xml('field', { var: 'pubsub#max_items' }, xml('value', {}, '100')))))),
  );
  await admin.close();
  const reader = await login('reader');
  reader.client.on('stanza', (stanza: Element) => void stanzas.push(stanza));
  await reader.client.send(xml('presence')); // available: notifications to the bare JID reach this session
  await reader.iq(xml('iq', { type: 'set', to: PUBSUB_HOST }, xml('pubsub', { xmlns: PUBSUB }, xml('subscribe', { node, jid: `reader@${DOMAIN}` }))));
  await reader.client.send(xml('presence', { to: `${room}/reader` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
  await until(() => stanzas.some((s) => s.is('presence') && s.attrs['from'] === `${room}/reader`));
  return reader;
}

/** Notifications of `node` carrying item `itemId`, among the stanzas a subscriber received. */
export function notifications(stanzas: readonly Element[], itemId: string): Element[] {
  return stanzas.filter((s) => s.is('message') && s.attrs['from'] === PUBSUB_HOST && s.getChild('event', `${PUBSUB}#event`)?.getChild('items')?.getChildren('item').some((i: Element) => i.attrs['id'] === itemId));
}

export async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
