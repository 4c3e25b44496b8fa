// A throw-away Bluesky PDS with an in-memory PLC directory, on 127.0.0.1, for
// tests/channels/bluesky. Run with Node ≥ 22 from this folder's own
// node_modules (installed by `npm ci --prefix tests/pds`). Prints one JSON line
// ({ url, handle, did, password, appPassword }) once ready, and stops when its
// standard input closes or on SIGTERM, removing its data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Secp256k1Keypair } from '@atproto/crypto';
import { PDS, envToCfg, envToSecrets } from '@atproto/pds';
import * as plc from '@did-plc/server';

const dir = mkdtempSync(path.join(os.tmpdir(), 'np-pds-'));
const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: 0 });
const plcHttp = await plcServer.start();
const plcUrl = `http://127.0.0.1:${plcHttp.address().port}`;

const rotation = await Secp256k1Keypair.create({ exportable: true });
const recovery = await Secp256k1Keypair.create();
const port = Number(process.env.PDS_PORT ?? 0) || (await freePort());
const url = `http://localhost:${port}`;
const env = {
  devMode: true,
  port,
  hostname: 'localhost',
  dataDirectory: path.join(dir, 'data'),
  blobstoreDiskLocation: path.join(dir, 'blobs'),
  recoveryDidKey: recovery.did(),
  adminPassword: 'admin-pass',
  jwtSecret: 'jwt-secret',
  serviceHandleDomains: ['.test'],
  didPlcUrl: plcUrl,
  plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotation.export()).toString('hex'),
  inviteRequired: false,
  disableSsrfProtection: true,
  serviceName: 'newsletter-publisher test PDS',
};
const { mkdirSync } = await import('node:fs');
mkdirSync(env.dataDirectory, { recursive: true });
const pds = await PDS.create(envToCfg(env), envToSecrets(env));
await pds.start();

const password = 'test-account-password';
const handle = 'xmpp-news.test';
const account = await xrpc('com.atproto.server.createAccount', { email: 'newsletter@example.com', handle, password });
const app = await xrpc('com.atproto.server.createAppPassword', { name: 'newsletter-publisher' }, account.accessJwt);
process.stdout.write(JSON.stringify({ url, handle, did: account.did, password, appPassword: app.password }) + '\n');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await pds.destroy().catch(() => undefined);
  await plcServer.destroy().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.stdin.on('end', stop).resume();
process.on('SIGTERM', stop);

async function xrpc(method, body, token) {
  const response = await fetch(`${url}/xrpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address();
      server.close(() => resolve(p));
    });
    server.on('error', reject);
  });
}
