// A live `publish --channel feed --yes` through the real CLI, ledger and a local
// WebSub hub; then the issue moves to a new permalink and the release stops.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { readFeed } from './feed-parsers.js';
import { repoRoot } from './helpers.js';

const seedsDir = path.resolve(repoRoot, '../shared/seeds');
const seedFile = existsSync(seedsDir) ? readdirSync(seedsDir).find((f) => f.startsWith('000_')) : undefined;
if (!seedFile) console.warn(`SKIPPED feed live-release test: no 000_* seed in ${seedsDir}`);

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function startHub(): Promise<{ url: string; topics: string[] }> {
  const topics: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      topics.push(new URLSearchParams(body).get('hub.url') ?? '');
      res.statusCode = 204;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, topics };
}

async function run(cwd: string, argv: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const write = (chunk: string): boolean => { output += chunk; return true; };
  const code = await main({ argv, cwd, env: {}, stdout: { write }, stderr: { write } });
  return { code, output };
}

describe.skipIf(!seedFile)('feed: live release through the CLI', () => {
  it('publishes the files, pings the hub, records the entries, then blocks a permalink move', async () => {
    const hub = await startHub();
    const root = mkdtempSync(path.join(os.tmpdir(), 'feed-live-'));
    mkdirSync(path.join(root, 'content'));
    const seed = readFileSync(path.join(seedsDir, seedFile ?? ''), 'utf8');
    const issueFile = path.join(root, 'content/2020-11-05-newsletter.md');
    writeFileSync(issueFile, seed);
    writeFileSync(path.join(root, 'publish.config.yaml'), [
      'site:', '  url: https://xmpp.org', '  title: The XMPP Newsletter', '  language: en', '  timezone: Europe/Berlin',
      'channels:', '  - name: feed', '    outputDir: site/feed', `    hub: ${hub.url}`, '',
    ].join('\n'));

    const first = await run(root, ['--channel', 'feed', '--yes']);
    expect(first.code, first.output).toBe(0);
    const atom = await readFeed(readFileSync(path.join(root, 'site/feed/atom.xml'), 'utf8'));
    expect(atom.items.map((i) => i.link)).toEqual(['https://xmpp.org/2020/10/newsletter-10-october/']);
    expect(hub.topics).toEqual(['https://xmpp.org/feed/atom.xml', 'https://xmpp.org/feed/rss.xml', 'https://xmpp.org/feed/feed.json']);
    const ledgerText = readFileSync(path.join(root, '.publish/ledger.json'), 'utf8');
    expect(ledgerText).toContain('"sha256"');
    expect(ledgerText).toContain(atom.items[0].id ?? 'missing id');

    // The editor moves the issue to a new permalink after publication.
    writeFileSync(issueFile, seed.replace(/^aliases:\n(\s+- .*\n)+/m, 'url: /blog/the-xmpp-newsletter-october-2020/\n'));
    const dry = await run(root, ['--channel', 'feed', '--dry-run', '--out', path.join(root, 'out')]);
    expect(dry.output).toContain('id-changed');
    const moved = await readFeed(readFileSync(path.join(root, 'out/feed/atom.xml'), 'utf8'));
    expect(moved.items[0].id).toBe(atom.items[0].id);
    expect(moved.items[0].link).toBe('https://xmpp.org/blog/the-xmpp-newsletter-october-2020/');

    const second = await run(root, ['--channel', 'feed', '--yes']);
    expect(second.code, second.output).not.toBe(0);
    expect(second.output).toContain('id-changed');
    // Nothing was re-published: the site still has the feed readers already know.
    const after = await readFeed(readFileSync(path.join(root, 'site/feed/atom.xml'), 'utf8'));
    expect(after.items[0].link).toBe('https://xmpp.org/2020/10/newsletter-10-october/');
    expect(hub.topics).toHaveLength(3);
  });
});
