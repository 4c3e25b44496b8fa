// `publish release` (the built CLI, as CI runs it) on Bluesky, XMPP PubSub and
// a MUC room, against a real PDS and a real Prosody on 127.0.0.1. A release, a
// crash after the sends but before the ledger write (the three ledger entries
// are dropped, as a SIGKILL would leave them), then two more releases: one
// post, one item, one notification, one room message.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Element, XmppSession } from '../../channels/xmpp/session.js';
import { hasPds, startPds, type TestPds } from '../channels/bluesky/pds.js';
import { DOMAIN, hasProsody, MUC_HOST, notifications, prepareNewsAndReader, PUBSUB_HOST, startProsody, type TestProsody } from '../channels/xmpp/prosody.js';
import { bin, seed000, tempDir } from '../core/helpers.js';

const ROOM = `commteam@${MUC_HOST}`;
const OCTOBER = 'https://xmpp.org/2020/10/newsletter-10-october/';
const CHANNELS = ['bluesky', 'xmpp-pubsub', 'xmpp-muc'];

if (!hasPds || !hasProsody) console.warn('SKIPPED: release on Bluesky and XMPP — needs tests/pds/node_modules (npm ci --prefix tests/pds) and /usr/bin/prosody');

describe.skipIf(!hasPds || !hasProsody)('publish release on Bluesky, XMPP PubSub and MUC', () => {
  let pds: TestPds;
  let prosody: TestProsody;
  let reader: XmppSession;
  const stanzas: Element[] = [];
  beforeAll(async () => {
    [pds, prosody] = await Promise.all([startPds(), startProsody({ editor: 'editor-secret', reader: 'reader-secret' }, [`editor@${DOMAIN}`])]);
    reader = await prepareNewsAndReader(prosody, 'News', ROOM, stanzas);
  }, 150_000);
  afterAll(async () => {
    await reader?.close();
    await Promise.all([pds?.stop(), prosody?.stop()]);
  });

  function site(): string {
    const dir = tempDir('np-open-');
    mkdirSync(path.join(dir, 'content'));
    copyFileSync(seed000, path.join(dir, 'content', '2020-11-05-newsletter.md'));
    writeFileSync(path.join(dir, 'publish.config.yaml'), [
      'site:',
      '  url: https://xmpp.org',
      '  title: The XMPP Newsletter',
      '  language: en',
      'content: content',
      'channels:',
      '  - name: bluesky',
      '    hashtags: [XMPP]',
      '    image: false',
      '  - name: xmpp-pubsub',
      `    service: ${PUBSUB_HOST}`,
      '    node: News',
      '  - name: xmpp-muc',
      `    room: ${ROOM}`,
      '    nick: Newsletter',
      '',
    ].join('\n'));
    for (const args of [['init', '-q', '-b', 'main'], ['add', '.'], ['-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'Newsletter']]) {
      const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
    return dir;
  }

  function release(dir: string): Promise<{ code: number | null; out: string }> {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      CI: 'true',
      BLUESKY_IDENTIFIER: pds.handle,
      BLUESKY_APP_PASSWORD: pds.appPassword,
      BLUESKY_SERVICE: pds.url,
      XMPP_JID: `editor@${DOMAIN}`,
      XMPP_PASSWORD: 'editor-secret',
      XMPP_SERVICE: prosody.service,
    };
    const child = spawn(process.execPath, [bin, 'release'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
  }

  it('publishes once on each, whatever the crash and re-runs', async () => {
    const dir = site();
    const first = await release(dir);
    expect(first.code, first.out).toBe(0);
    for (const channel of CHANNELS) expect(first.out).toMatch(new RegExp(`ok\\s+${channel}\\s.*published`));
    expect(first.out).not.toContain('editor-secret');
    expect(first.out).not.toContain(pds.appPassword);

    // The crash: everything was sent, the ledger never heard of it.
    const ledgerFile = path.join(dir, '.publish/ledger.json');
    const ledger = JSON.parse(readFileSync(ledgerFile, 'utf8')) as { issues: Record<string, Record<string, unknown>> };
    const entries = Object.values(ledger.issues)[0] ?? {};
    expect(Object.keys(entries).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) delete entries[channel];
    writeFileSync(ledgerFile, JSON.stringify(ledger, null, 2));

    const second = await release(dir);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain('is already there');
    expect(second.out).toContain('is already on');
    expect(second.out).toContain("already in commteam@rooms.localhost's archive");
    const third = await release(dir);
    expect(third.code, third.out).toBe(0);
    expect(third.out).toContain('nothing to publish');

    const agent = new AtpAgent({ service: pds.url });
    const { data } = await agent.com.atproto.repo.listRecords({ repo: pds.did, collection: 'app.bsky.feed.post', limit: 100 });
    expect(data.records.filter((r) => String((r.value as { text?: string }).text).includes(OCTOBER))).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    const itemIds = new Set(stanzas.flatMap((s) => s.getChild('event', 'http://jabber.org/protocol/pubsub#event')?.getChild('items')?.getChildren('item').map((i: Element) => i.attrs['id'] ?? '') ?? []));
    expect(itemIds.size).toBe(1);
    expect(notifications(stanzas, [...itemIds][0] ?? '')).toHaveLength(1);
    const messages = stanzas.filter((s) => s.is('message') && s.attrs['from'] === `${ROOM}/Newsletter` && (s.getChildText('body') ?? '').includes(OCTOBER));
    expect(messages).toHaveLength(1);
  }, 180_000);
});
