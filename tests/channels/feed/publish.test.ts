import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedChannel } from '../../../channels/feed/index.js';
import { PublishError } from '../../../src/errors.js';
import { captureLog, makeConfig, makeContext, makeIssue } from './helpers.js';

interface HubRequest { method: string; contentType: string; body: URLSearchParams }

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A WebSub hub on 127.0.0.1 that records publish pings and answers with `status`. */
async function startHub(status: number): Promise<{ url: string; requests: HubRequest[] }> {
  const requests: HubRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', contentType: req.headers['content-type'] ?? '', body: new URLSearchParams(body) });
      res.statusCode = status;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`, requests };
}

function tempRoot(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'feed-publish-'));
}

const issue = makeIssue();
const channel = createFeedChannel();

describe('feed publish', () => {
  it('writes the rendered files into the output folder and returns their sha256', async () => {
    const config = makeConfig('', tempRoot());
    const ctx = makeContext([issue], { config, raw: { outputDir: 'site/feed' } });
    const { payload } = await channel.render(issue, ctx);
    const receipt = await channel.publish(payload, ctx);

    const dir = path.join(config.root, 'site/feed');
    expect(readdirSync(dir).sort()).toEqual(['atom.xml', 'feed.json', 'rss.xml']);
    expect(receipt.outputDir).toBe('site/feed');
    for (const file of receipt.files) {
      const bytes = readFileSync(path.join(dir, file.name));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
      expect(bytes.length).toBe(file.bytes);
    }
    expect(receipt.entries).toEqual([{ id: issue.id, link: issue.canonicalUrl, source: issue.source, language: 'en', updated: '2020-11-05T00:00:00Z' }]);
    expect(receipt.hub).toEqual([]);
  });

  it('replaces files already there and leaves no temp file behind', async () => {
    const config = makeConfig('', tempRoot());
    const ctx = makeContext([issue], { config });
    const dir = path.join(config.root, 'public/feed');
    await channel.publish((await channel.render(issue, ctx)).payload, ctx);
    writeFileSync(path.join(dir, 'atom.xml'), 'stale');
    await channel.publish((await channel.render(issue, ctx)).payload, ctx);
    expect(readFileSync(path.join(dir, 'atom.xml'), 'utf8')).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('pings the WebSub hub once per feed URL, form-encoded, after the files are written', async () => {
    const hub = await startHub(204);
    const config = makeConfig('  languages: [en, de]', tempRoot());
    const german = makeIssue({ slug: 'de/2020/10/newsletter', language: 'de' });
    const ctx = makeContext([issue, german], { config, raw: { hub: hub.url } });
    const receipt = await channel.publish((await channel.render(issue, ctx)).payload, ctx);

    const topics = [
      'https://xmpp.org/feed/atom.xml', 'https://xmpp.org/feed/rss.xml', 'https://xmpp.org/feed/feed.json',
      'https://xmpp.org/feed/atom.de.xml', 'https://xmpp.org/feed/rss.de.xml', 'https://xmpp.org/feed/feed.de.json',
    ];
    expect(hub.requests.map((r) => [r.method, r.contentType, r.body.get('hub.mode'), r.body.get('hub.url')])).toEqual(
      topics.map((t) => ['POST', 'application/x-www-form-urlencoded', 'publish', t]),
    );
    expect(receipt.hub).toEqual(topics.map((topic) => ({ topic, status: 204 })));
  });

  it('records a failing hub in the receipt and warns, without failing the publish', async () => {
    const hub = await startHub(503);
    const log = captureLog();
    const ctx = makeContext([issue], { config: makeConfig('', tempRoot()), raw: { hub: hub.url }, log });
    const receipt = await channel.publish((await channel.render(issue, ctx)).payload, ctx);
    expect(receipt.hub.map((h) => h.status)).toEqual([503, 503, 503]);
    expect(log.lines.filter((l) => l.startsWith('warning: feed: WebSub hub'))).toHaveLength(3);
  });

  it('records an unreachable hub as an error text', async () => {
    const hub = await startHub(204);
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    const ctx = makeContext([issue], { config: makeConfig('', tempRoot()), raw: { hub: hub.url } });
    const receipt = await channel.publish((await channel.render(issue, ctx)).payload, ctx);
    expect(receipt.hub[0].status).toMatch(/ECONNREFUSED/);
  });

  it('fails with NP500 when the output folder cannot be written, and verify says so first', async () => {
    const root = tempRoot();
    writeFileSync(path.join(root, 'public'), 'a file where a folder should be');
    const ctx = makeContext([issue], { config: makeConfig('', root) });
    await expect(channel.verify(ctx)).rejects.toMatchObject({ code: 'NP400' });
    const error = await channel.publish((await channel.render(issue, ctx)).payload, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).code).toBe('NP500');
  });

  it('stops before writing anything when the run is interrupted', async () => {
    const root = tempRoot();
    const controller = new AbortController();
    controller.abort();
    const ctx = makeContext([issue], { config: makeConfig('', root), signal: controller.signal });
    await expect(channel.publish((await channel.render(issue, ctx)).payload, ctx)).rejects.toThrow();
    expect(readdirSync(path.join(root, 'public/feed'))).toEqual([]);
  });

  it('verify accepts a folder that does not exist yet and creates nothing', async () => {
    const root = tempRoot();
    const ctx = makeContext([issue], { config: makeConfig('', root), raw: { outputDir: 'deep/new/feed' } });
    await expect(channel.verify(ctx)).resolves.toBeUndefined();
    expect(readdirSync(root)).toEqual([]);
  });
});
