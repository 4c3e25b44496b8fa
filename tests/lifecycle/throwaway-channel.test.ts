// Issue 15: a channel defined only here, registered through the public API,
// goes through plan and apply like a built-in one: published once, recorded in
// the ledger, skipped by the next run. Its phase alone makes the issue channel
// wait for the site-wide one, without any channel name in the core.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineChannel, registerChannel, run, type Channel, type RunOptions } from '../../src/index.js';
import { tempDir } from '../core/helpers.js';
import { fixtureProject } from '../fixtures/project.js';

const SITE = 'throwaway-site';
const POST = 'throwaway-post';
const state = { siteDown: true, pages: [] as string[][], posts: [] as string[] };

const site: Channel<Record<string, never>, { ids: string[] }, { pages: number }> = {
  name: SITE, scope: 'site', phase: 0,
  parseOptions: () => ({}),
  verify: async () => {},
  render: async (_issue, ctx) => {
    const ids = ctx.archive.map((i) => i.id);
    return { artifacts: [{ issue: null, path: 'throwaway/pages.txt', mediaType: 'text/plain', content: ids.join('\n') }], payload: { ids }, plan: [`${ids.length} pages`] };
  },
  publish: async (payload) => {
    if (state.siteDown) throw new Error('the site host is down');
    state.pages.push(payload.ids);
    return { pages: payload.ids.length };
  },
  describe: (receipt) => `${receipt.pages} page${receipt.pages === 1 ? '' : 's'} online`,
};

const post: Channel<Record<string, never>, { id: string; text: string }, { n: number }> = {
  name: POST, scope: 'issue', phase: 1,
  parseOptions: () => ({}),
  verify: async () => {},
  render: async (issue) => ({ artifacts: [{ issue: issue.key, path: `${issue.key}/throwaway.txt`, mediaType: 'text/plain', content: issue.title }], payload: { id: issue.id, text: issue.title } }),
  publish: async (payload) => {
    state.posts.push(payload.id);
    return { n: state.posts.length };
  },
  describe: (receipt) => `post number ${receipt.n}`,
};

registerChannel(SITE, async () => defineChannel(site));
registerChannel(POST, async () => defineChannel(post));

function project(): string {
  const dir = tempDir('np-throwaway-');
  cpSync(path.join(fixtureProject, 'content'), path.join(dir, 'content'), { recursive: true });
  const config = readFileSync(path.join(fixtureProject, 'publish.config.yaml'), 'utf8');
  writeFileSync(path.join(dir, 'publish.config.yaml'), config.slice(0, config.indexOf('channels:')) + `channels:\n  - name: ${POST}\n  - name: ${SITE}\n`);
  return dir;
}

const sink = { write: () => true };
const runIn = (dir: string, over: Partial<RunOptions> = {}) => run({ cwd: dir, env: { CI: 'true' }, stdout: sink, stderr: sink, dryRun: false, release: true, ...over });

describe('a channel registered from outside src/', () => {
  it('waits for an earlier phase that failed, then publishes once, is recorded, and is skipped next time', async () => {
    const dir = project();
    const october = 'tag:xmpp.org,2020-11-05:/2020/10/newsletter-10-october/';

    // The plan orders by phase, not by the config (which lists the post first).
    const dry = await runIn(dir, { dryRun: true, outDir: path.join(dir, 'out') });
    expect(dry.plan?.steps.filter((s) => s.issue.id === october).map((s) => `${s.channel.name} ${s.action}`)).toEqual([`${SITE} publish`, `${POST} publish`]);
    expect(readFileSync(path.join(dir, 'out/throwaway/pages.txt'), 'utf8')).toBe(october);

    const failed = await runIn(dir);
    expect(failed.outcomes.map((o) => `${o.channel} ${o.status} ${o.detail}`)).toEqual([
      `${SITE} failed the site host is down`,
      `${POST} skipped waits for ${SITE}, which cannot publish this issue yet (its link would not be live)`,
    ]);
    expect(failed.ok).toBe(false);
    expect(state.posts).toEqual([]);
    expect(existsSync(path.join(dir, '.publish/ledger.json'))).toBe(false);

    state.siteDown = false;
    const published = await runIn(dir);
    expect(published.outcomes.map((o) => `${o.channel} ${o.issue ?? '(site)'} ${o.status} ${o.detail}`)).toEqual([
      `${SITE} (site) published 1 page online`,
      `${POST} 2020-10-newsletter-10-october published post number 1`,
    ]);
    expect(state.posts).toEqual([october]);
    const ledger = JSON.parse(readFileSync(path.join(dir, '.publish/ledger.json'), 'utf8')) as { issues: Record<string, Record<string, { receipt: unknown }>> };
    expect(Object.keys(ledger.issues)).toEqual([october]);
    expect(ledger.issues[october][POST].receipt).toEqual({ n: 1 });
    expect(ledger.issues[october][SITE].receipt).toEqual({ pages: 1 });

    const again = await runIn(dir);
    expect(again.outcomes).toEqual([]);
    expect(again.ok).toBe(true);
    expect(state.posts).toEqual([october]);
    expect(state.pages).toHaveLength(1);
  });
});
