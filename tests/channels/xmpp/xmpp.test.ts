// The xmpp-pubsub and xmpp-muc channels against a real Prosody on 127.0.0.1:
// a release, a crash between the send and the ledger write, two more releases:
// one item on the node, one notification to a subscriber, one message in the room.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createXmppMucChannel, mucOriginId } from '../../../channels/xmpp-muc/index.js';
import { createXmppPubsubChannel, pubsubItemId } from '../../../channels/xmpp-pubsub/index.js';
import { PUBSUB } from '../../../channels/xmpp-pubsub/publish.js';
import { xml, type Element, type XmppSession } from '../../../channels/xmpp/session.js';
import { PublishError } from '../../../src/errors.js';
import { octoberIssue } from '../social/fixtures/issue.js';
import { MemoryLedger, publishThrough, testConfig, testContext } from '../social/helpers.js';
import { DOMAIN, hasProsody, MUC_HOST, notifications, prepareNewsAndReader, PUBSUB_HOST, startProsody, until, type TestProsody } from './prosody.js';

const config = testConfig();
const NODE = 'News';
const ROOM = `commteam@${MUC_HOST}`;
const pubsub = createXmppPubsubChannel();
const muc = createXmppMucChannel();

describe('options and credentials (no server)', () => {
  test('pubsub: every option problem at once', () => {
    expect(() => pubsub.parseOptions({ service: 'user@news.xmpp.org/res', node: '', extra: 1 }, {}, config)).toThrow(
      expect.objectContaining({ code: 'NP204', details: ['channels.xmpp-pubsub.extra: unknown option (known: service, node)', "channels.xmpp-pubsub.service: must be the PubSub service's JID, e.g. news.xmpp.org", "channels.xmpp-pubsub.node: must be the node's name, e.g. News"] }),
    );
    expect(pubsub.parseOptions({ service: 'news.xmpp.org', node: 'News' }, {}, config)).toEqual({ service: 'news.xmpp.org', node: 'News' });
  });
  test('muc: every option problem at once; nick has a default', () => {
    expect(() => muc.parseOptions({ room: 'muc.xmpp.org', nick: '', hashtags: ['a b'], language: 'English' }, {}, config)).toThrow(
      expect.objectContaining({ code: 'NP204', details: [expect.stringContaining('.room:'), expect.stringContaining('.nick:'), expect.stringContaining('.hashtags[0]:'), expect.stringContaining('.language:')] }),
    );
    expect(muc.parseOptions({ room: 'commteam@muc.xmpp.org' }, {}, config)).toMatchObject({ room: 'commteam@muc.xmpp.org', nick: 'XMPP Newsletter' });
  });
  test('verify: missing and malformed credentials, each listed', async () => {
    const options = pubsub.parseOptions({ service: 'news.xmpp.org', node: 'News' }, {}, config);
    await expect(pubsub.verify(testContext(options, {}))).rejects.toMatchObject({ code: 'NP202', details: ['XMPP_JID is not set', 'XMPP_PASSWORD is not set'] });
    await expect(pubsub.verify(testContext(options, { XMPP_JID: 'news@xmpp.org/laptop', XMPP_PASSWORD: 'x', XMPP_SERVICE: 'https://xmpp.org' }))).rejects.toMatchObject({
      code: 'NP202',
      details: ['XMPP_JID must be a bare JID such as newsletter@xmpp.org (no resource)', 'XMPP_SERVICE must start with xmpp:// (STARTTLS) or xmpps:// (direct TLS)'],
    });
  });
  test('the item id is deterministic, differs per issue and has no / : , (Movim puts it in URLs)', () => {
    const id = pubsubItemId(octoberIssue().id);
    expect(id).toBe(pubsubItemId(octoberIssue().id));
    expect(id).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(id).toMatch(/^xmpp\.org-2020-11-05-2020-10-newsletter-10-october-[0-9a-f]{10}$/);
    expect(pubsubItemId('tag:xmpp.org,2020-11-05:/2020/10/newsletter-10-october')).not.toBe(id);
  });
  test('render: pubsub-entry.xml is an XEP-0472 Atom entry with XHTML and text content; muc.txt is the announcement', async () => {
    const issue = octoberIssue({ html: '<p>Hello&nbsp;<b>XMPP</b><br>new line &amp; <img src="https://xmpp.org/a.png" alt="a"></p>', categories: ['newsletter'], authors: ['Alice'] });
    const r = await pubsub.render(issue, testContext(pubsub.parseOptions({ service: 'news.xmpp.org', node: 'News' }, {}, config), {}));
    expect(r.artifacts.map((a) => a.path)).toEqual([`${issue.key}/pubsub-entry.xml`]);
    const entry = String(r.artifacts[0]?.content);
    expect(entry).toContain('<entry xmlns="http://www.w3.org/2005/Atom"><title type="text">The XMPP Newsletter October 2020</title>');
    expect(entry).toContain(`<link rel="alternate" type="text/html" href="${issue.canonicalUrl}"/>`);
    expect(entry).toContain('<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello\u00a0<b>XMPP</b><br/>new line &amp; <img src="https://xmpp.org/a.png" alt="a"/></p></div></content><content type="text">');
    expect(entry).toContain(`<published>${issue.date}</published><updated>${issue.updated}</updated><author><name>Alice</name></author>`);
    expect(entry).toContain('<category term="newsletter"/>');
    const m = await muc.render(issue, testContext(muc.parseOptions({ room: ROOM, hashtags: ['XMPP'] }, {}, config), {}));
    expect(m.artifacts.map((a) => [a.path, a.content])).toEqual([[`${issue.key}/muc.txt`, `${m.payload.text}\n`]]);
    expect(m.payload.text).toContain(issue.canonicalUrl);
    expect(m.payload.originId).toBe(mucOriginId(issue.id, ROOM));
  });
});

if (!hasProsody) console.warn('SKIPPED: XMPP tests against Prosody — /usr/bin/prosody is missing (apt-get install prosody)');

describe.skipIf(!hasProsody)('against Prosody on 127.0.0.1', () => {
  let server: TestProsody;
  let reader: XmppSession;
  const stanzas: Element[] = [];
  const env = (user = 'editor') => ({ XMPP_JID: `${user}@${DOMAIN}`, XMPP_PASSWORD: server.users[user] ?? '', XMPP_SERVICE: server.service });

  beforeAll(async () => {
    server = await startProsody({ editor: 'editor-secret', reader: 'reader-secret' }, [`editor@${DOMAIN}`]);
    reader = await prepareNewsAndReader(server, NODE, ROOM, stanzas);
  }, 60_000);
  afterAll(async () => {
    await reader?.close();
    await server?.stop();
  });

  const roomMessages = (text: string) => stanzas.filter((s) => s.is('message') && s.attrs['type'] === 'groupchat' && s.getChildText('body') === text);

  test('pubsub probe: the node exists and the editor may publish; the reader may not; a missing node is named', async () => {
    const options = pubsub.parseOptions({ service: PUBSUB_HOST, node: NODE }, {}, config);
    const ctx = testContext(options, env());
    await pubsub.probe?.(ctx);
    expect(ctx.lines.join('\n')).toContain(`node News on ${PUBSUB_HOST} exists (type urn:xmpp:pubsub-social-feed:1)`);
    // Prosody tells only owners who may publish: for anyone else the probe can only warn.
    const readerCtx = testContext(options, env('reader'));
    await pubsub.probe?.(readerCtx);
    expect(readerCtx.lines.join('\n')).toContain(`warning: xmpp-pubsub: ${PUBSUB_HOST} does not tell reader@${DOMAIN} its affiliation with node News (publish model publishers): publishing may be refused`);
    expect(ctx.lines.join('\n')).not.toContain('warning');
    await expect(pubsub.probe?.(testContext({ ...options, node: 'Nope' }, env()))).rejects.toMatchObject({ code: 'NP400', message: `xmpp-pubsub: node Nope does not exist on ${PUBSUB_HOST}` });
    await expect(pubsub.probe?.(testContext(options, { ...env(), XMPP_PASSWORD: 'wrong' }))).rejects.toMatchObject({ code: 'NP400' });
  }, 30_000);

  test('no password leaves without TLS for a host other than 127.0.0.1', async () => {
    const options = pubsub.parseOptions({ service: PUBSUB_HOST, node: NODE }, {}, config);
    const error = await pubsub.probe?.(testContext(options, { ...env(), XMPP_SERVICE: `xmpp://127.0.0.2:${server.port}` })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).message).toContain('offered no TLS; the password was not sent');
  }, 30_000);

  test('pubsub: release, crash before the ledger write, two more releases → one item, one notification', async () => {
    const issue = octoberIssue();
    const raw = { service: PUBSUB_HOST, node: NODE };
    const first = await publishThrough(pubsub, raw, env(), config, new MemoryLedger(), issue); // ledger lost: SIGKILL
    const second = await publishThrough(pubsub, raw, env(), config, new MemoryLedger(), issue);
    const third = await publishThrough(pubsub, raw, env(), config, new MemoryLedger(), issue);
    expect([first.receipt.existing, second.receipt.existing, third.receipt.existing]).toEqual([false, true, true]);
    const itemId = first.receipt.itemId;
    expect(pubsub.describe(first.receipt)).toBe(`published to ${PUBSUB_HOST} node News as item ${itemId}`);
    const items = (await reader.iq(xml('iq', { type: 'get', to: PUBSUB_HOST }, xml('pubsub', { xmlns: PUBSUB }, xml('items', { node: NODE }))))).getChild('pubsub', PUBSUB)?.getChild('items')?.getChildren('item') ?? [];
    expect(items.map((i) => i.attrs['id'])).toEqual([itemId]);
    const entry = items[0]?.getChild('entry', 'http://www.w3.org/2005/Atom');
    expect(entry?.getChildText('title')).toBe(issue.title);
    expect(entry?.getChildren('content').map((c) => c.attrs['type'])).toEqual(['xhtml', 'text']);
    await new Promise((r) => setTimeout(r, 500));
    expect(notifications(stanzas, itemId)).toHaveLength(1);
  }, 60_000);

  test('muc: probe sees the archive; release, crash, two more releases → one message in the room', async () => {
    const raw = { room: ROOM, nick: 'Newsletter', hashtags: ['XMPP'] };
    const probeCtx = testContext(muc.parseOptions(raw, {}, config), env());
    await muc.probe?.(probeCtx);
    expect(probeCtx.lines.join('\n')).toContain(`room ${ROOM} exists, with an archive (MAM)`);
    await expect(muc.probe?.(testContext(muc.parseOptions({ room: `nobody@${MUC_HOST}` }, {}, config), env()))).rejects.toMatchObject({ code: 'NP400', message: `xmpp-muc: room nobody@${MUC_HOST} does not exist` });

    const issue = octoberIssue();
    const first = await publishThrough(muc, raw, env(), config, new MemoryLedger(), issue); // ledger lost: SIGKILL
    const second = await publishThrough(muc, raw, env(), config, new MemoryLedger(), issue);
    const third = await publishThrough(muc, raw, env(), config, new MemoryLedger(), issue);
    expect([first.receipt.existing, second.receipt.existing, third.receipt.existing]).toEqual([false, true, true]);
    expect(first.receipt).toMatchObject({ room: ROOM, archive: true, originId: mucOriginId(issue.id, ROOM), stanzaId: expect.any(String) });
    await new Promise((r) => setTimeout(r, 500));
    const messages = roomMessages(first.rendered.payload.text);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.attrs['from']).toBe(`${ROOM}/Newsletter`);
    expect(messages[0]?.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs['id']).toBe(first.receipt.originId);
    // The channel left the room after each run.
    const occupants = stanzas.filter((s) => s.is('presence') && s.attrs['from'] === `${ROOM}/Newsletter`);
    expect(occupants.at(-1)?.attrs['type']).toBe('unavailable');
  }, 90_000);

  test('muc: an old issue in a busy room: the re-run finds the crashed run\'s message among the newest, not 2,000 messages after the issue\'s date', async () => {
    // The October 2020 issue released today (a first release after adoption) in a room that has
    // talked since: more archived messages after the issue's date than the search reads.
    const busy = `busy@${MUC_HOST}`;
    await reader.client.send(xml('presence', { to: `${busy}/reader` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
    await until(() => stanzas.some((s) => s.is('presence') && s.attrs['from'] === `${busy}/reader`));
    const CHATTER = 2_100;
    for (let i = 0; i < CHATTER; i++) await reader.client.send(xml('message', { type: 'groupchat', to: busy }, xml('body', {}, `chatter ${i}`)));
    const echoed = () => stanzas.filter((s) => s.is('message') && s.attrs['from'] === `${busy}/reader`).length;
    await until(() => echoed() === CHATTER, 60_000);
    const raw = { room: busy, nick: 'Newsletter' };
    const issue = octoberIssue();
    const first = await publishThrough(muc, raw, env(), config, new MemoryLedger(), issue); // ledger lost: SIGKILL
    const second = await publishThrough(muc, raw, env(), config, new MemoryLedger(), issue);
    expect([first.receipt.existing, second.receipt.existing]).toEqual([false, true]);
    await new Promise((r) => setTimeout(r, 500));
    expect(stanzas.filter((s) => s.is('message') && s.attrs['from'] === `${busy}/Newsletter` && s.getChildText('body') === first.rendered.payload.text)).toHaveLength(1);
  }, 120_000);

  test('muc: a room without an archive gets the message, with a warning; only the ledger guards a re-run', async () => {
    const quiet = `quiet@${MUC_HOST}`;
    // The reader creates the room (it becomes its owner) and turns archiving off.
    await reader.client.send(xml('presence', { to: `${quiet}/reader` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' })));
    await until(() => stanzas.some((s) => s.is('presence') && s.attrs['from'] === `${quiet}/reader`));
    await reader.iq(xml('iq', { type: 'set', to: quiet }, xml('query', { xmlns: 'http://jabber.org/protocol/muc#owner' },
      xml('x', { xmlns: 'jabber:x:data', type: 'submit' },
        xml('field', { var: 'FORM_TYPE' }, xml('value', {}, 'http://jabber.org/protocol/muc#roomconfig')),
        xml('field', { var: 'muc#roomconfig_enablearchiving' }, xml('value', {}, '0'))))));
    const raw = { room: quiet, nick: 'Newsletter' };
    const probeCtx = testContext(muc.parseOptions(raw, {}, config), env());
    await muc.probe?.(probeCtx);
    expect(probeCtx.lines.join('\n')).toContain(`room ${quiet} exists, without an archive: only the ledger guards against a second message`);
    const issue = octoberIssue();
    const first = await publishThrough(muc, raw, env(), config, new MemoryLedger(), issue);
    expect(first.receipt).toMatchObject({ archive: false, existing: false });
    expect(first.ctx.lines.join('\n')).toContain(`warning: xmpp-muc: ${quiet} keeps no archive (MAM)`);
    expect(muc.describe(first.receipt)).toContain('room without archive: only the ledger guards it');
    // Without the ledger entry (a crash before it was written), a re-run cannot know: it sends again.
    await publishThrough(muc, raw, env(), config, new MemoryLedger(), issue);
    await new Promise((r) => setTimeout(r, 500));
    expect(stanzas.filter((s) => s.is('message') && s.attrs['from'] === `${quiet}/Newsletter` && s.getChildText('body') === first.rendered.payload.text)).toHaveLength(2);
  }, 60_000);
});

