// NODE_DEBUG makes Node print internals to stderr, past our redactor: `http`
// and `net` print request traffic (Twitter's OAuth header), `worker` the data
// the email send threads receive (SMTP_URL, UNSUBSCRIBE_SECRET). A live run
// refuses to start with such a module named; dry runs hold no secrets worth it.
import type { Env } from './channel.js';
import { PublishError } from './errors.js';

/** Core modules whose debug output carries traffic, headers or thread/child data. */
const LEAKY = ['http', 'http2', 'https', 'net', 'tls', 'fetch', 'undici', 'worker', 'child_process'];

/** The leaky modules that NODE_DEBUG turns on (it takes a comma list, with `*` wildcards). */
export function leakyDebugModules(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  const patterns = value.split(/[\s,]+/).filter(Boolean).map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`, 'i'));
  return LEAKY.filter((name) => patterns.some((re) => re.test(name)));
}

export function assertNoLeakyDebug(env: Env): void {
  const modules = leakyDebugModules(env['NODE_DEBUG']);
  if (modules.length === 0) return;
  throw new PublishError('NP603', `NODE_DEBUG turns on debug output of ${modules.join(', ')}, which Node prints unredacted (request headers, tokens, SMTP_URL); nothing was sent`);
}
