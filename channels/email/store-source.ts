// When `subscriptions:` is configured, the recipients come from the
// subscription store instead of a file: PostgreSQL (DATABASE_URL), the
// service's export (subscriptions.url + SUBSCRIPTIONS_TOKEN, as a CI runner
// reaches it), or the embedded SQLite file. The confirmed, non-suppressed list
// is written once per run to a private temporary CSV, so the plan, the
// shards and the worker threads all read one consistent snapshot through the
// existing file reader; the file is removed when the process exits.
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChannelContext, Env } from '../../src/channel.js';
import type { Config, SubscriptionsConfig } from '../../src/config.js';
import { PublishError } from '../../src/errors.js';
import type { EmailOptions } from './options.js';

// One snapshot per run: the run's logger is the one object all its contexts share.
const runs = new WeakMap<object, Map<string, Promise<string>>>();
let files = 0;
let folder: string | undefined;

function privateFolder(): string {
  if (!folder) {
    folder = mkdtempSync(path.join(tmpdir(), 'np-subscribers-'));
    const dir = folder;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return folder;
}

async function writeLines(file: string, lines: AsyncIterable<string>): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8', mode: 0o600 });
  let count = 0;
  out.write('email,language\n');
  for await (const line of lines) {
    count++;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return count;
}

async function* fromStore(subscriptions: SubscriptionsConfig, env: Env): AsyncGenerator<string> {
  // A missing file would be created empty and the issue sent to nobody: on a
  // CI runner that is a configuration mistake, never an empty list.
  if (!env.DATABASE_URL?.trim() && !existsSync(subscriptions.store)) {
    throw new PublishError('NP900', `email: the subscription store ${subscriptions.store} does not exist`, [
      `${subscriptions.store} does not exist: on a machine without the store (a CI runner), set subscriptions.url and SUBSCRIPTIONS_TOKEN, or DATABASE_URL`,
      'on the server, create it with `publish subscribers import FILE` or by starting `publish serve`',
    ]);
  }
  const { openStore } = await import('../../src/subscriptions/open-store.js');
  const store = await openStore(subscriptions, env);
  try {
    for await (const s of store.deliverable()) yield `${s.address},${s.language ?? ''}\n`;
  } finally {
    await store.close();
  }
}

/** GET /api/subscribers, streamed line by line; the `# end N` trailer proves the list is whole. */
async function* fromService(base: string, token: string): AsyncGenerator<string> {
  const unreachable = (why: string): PublishError => new PublishError('NP902', `email: cannot read the subscriber list from ${base}/api/subscribers`, [why]);
  let response: Response;
  try {
    response = await fetch(`${base}/api/subscribers`, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv' } });
  } catch (error) {
    throw unreachable(String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message));
  }
  if (response.status !== 200 || !response.body) throw unreachable(`HTTP ${response.status}${response.status === 401 ? ' (SUBSCRIPTIONS_TOKEN is not the one `publish serve` has)' : ''}`);
  const decoder = new TextDecoder();
  let rest = '';
  let header = true;
  let count = 0;
  let trailer: number | undefined;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    rest += decoder.decode(value, { stream: true });
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (header) { header = false; continue; }
      const end = /^# end (\d+)$/.exec(line);
      if (end) { trailer = Number(end[1]); continue; }
      if (line.trim() === '') continue;
      count++;
      yield `${line}\n`;
    }
  }
  if (trailer !== count) throw unreachable(`the list was cut off after ${count} subscribers (no complete end marker): nothing was sent`);
}

function snapshot(run: object, config: Config, subscriptions: SubscriptionsConfig, env: Env): Promise<string> {
  let snapshots = runs.get(run);
  if (!snapshots) runs.set(run, (snapshots = new Map()));
  const token = env.SUBSCRIPTIONS_TOKEN?.trim();
  const source = env.DATABASE_URL?.trim() ? 'postgres' : subscriptions.url ? 'service' : 'file';
  const key = `${config.file}\0${source}`;
  let pending = snapshots.get(key);
  if (!pending) {
    pending = (async () => {
      if (source === 'service' && !token) {
        throw new PublishError('NP202', 'email: 1 environment variable missing', ['SUBSCRIPTIONS_TOKEN is not set: the bearer token of `publish serve`\'s /api/subscribers (subscriptions.url)']);
      }
      const file = path.join(privateFolder(), `subscribers-${++files}.csv`);
      await writeLines(file, source === 'service' ? fromService(subscriptions.url!, token!) : fromStore(subscriptions, env));
      return file;
    })();
    snapshots.set(key, pending);
    pending.catch(() => snapshots.delete(key));
  }
  return pending;
}

/**
 * The context with `options.subscribers` pointing at the store's snapshot,
 * or the context unchanged when no `subscriptions:` is configured.
 */
export async function withStoreSubscribers(ctx: ChannelContext<EmailOptions>): Promise<ChannelContext<EmailOptions>> {
  const subscriptions = ctx.config.subscriptions;
  if (!subscriptions) return ctx;
  const file = await snapshot(ctx.log, ctx.config, subscriptions, ctx.env);
  return { ...ctx, options: { ...ctx.options, subscribers: file } };
}
