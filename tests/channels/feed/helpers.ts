// Shared test helpers: a hand-written Issue, a config, and a channel context
// with an in-memory ledger view. Not a test file (no .test.ts).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelContext, LedgerView, PublishedRecord, Progress } from '../../../src/channel.js';
import { parseConfig, type Config } from '../../../src/config.js';
import type { Issue } from '../../../src/model.js';
import type { Logger } from '../../../src/log.js';
import { parseFeedOptions, type FeedOptions } from '../../../channels/feed/options.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');

export function makeConfig(extra = '', root = mkdtempSync(path.join(os.tmpdir(), 'feed-cfg-'))): Config {
  const text = [
    'site:',
    '  url: https://xmpp.org',
    '  title: The XMPP Newsletter',
    '  description: News from the XMPP community, every month.',
    '  language: en',
    '  author: XSF Communications Team',
    '  license: CC BY-SA 4.0',
    extra,
  ].join('\n');
  return parseConfig(text, path.join(root, 'publish.config.yaml'));
}

export function makeIssue(overrides: Partial<Issue> & { slug?: string } = {}): Issue {
  const slug = overrides.slug ?? '2020/10/newsletter-10-october';
  const canonicalPath = overrides.canonicalPath ?? `/${slug}/`;
  const canonicalUrl = overrides.canonicalUrl ?? `https://xmpp.org${canonicalPath}`;
  const date = overrides.date ?? '2020-11-05T00:00:00Z';
  const { slug: _slug, ...rest } = overrides;
  return {
    id: `tag:xmpp.org,${date.slice(0, 10)}:${canonicalPath}`,
    key: canonicalPath.replace(/^\/|\/$/g, '').replaceAll('/', '-'),
    source: `content/${slug.replaceAll('/', '-')}.md`,
    dialect: 'hugo',
    title: 'The XMPP Newsletter October 2020',
    date,
    updated: date,
    authors: ['emus'],
    language: 'en',
    canonicalUrl,
    canonicalPath,
    summary: 'Welcome to the XMPP newsletter covering the month of October 2020.',
    draft: false,
    categories: ['Newsletter'],
    intro: { html: '<p>Welcome.</p>', text: 'Welcome.' },
    sections: [],
    images: [{ src: 'https://xmpp.org/images/snikket.png', alt: 'Snikket', line: 3 }],
    links: [],
    html: '<p>Welcome to the <a href="https://xmpp.org/">XMPP</a> newsletter.</p>\n<p><img src="https://xmpp.org/images/snikket.png" alt="Snikket"></p>',
    text: 'Welcome to the XMPP newsletter.',
    sourceHash: '0'.repeat(64),
    ...rest,
  };
}

export function memoryLedger(records: Record<string, PublishedRecord> = {}): LedgerView {
  return { published: (id) => records[id] };
}

const silentProgress: Progress = { update: () => undefined, done: () => undefined };

export interface CapturedLog extends Logger {
  readonly lines: string[];
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  return {
    lines,
    info: (l) => void lines.push(l),
    warn: (l) => void lines.push(`warning: ${l}`),
    error: (l) => void lines.push(l),
    redact: (t) => t,
  };
}

export function makeContext(
  archive: readonly Issue[],
  options: { config?: Config; raw?: unknown; ledger?: LedgerView; log?: Logger; signal?: AbortSignal } = {},
): ChannelContext<FeedOptions> {
  const config = options.config ?? makeConfig();
  return {
    options: parseFeedOptions(options.raw ?? {}, config),
    config,
    env: {},
    cwd: config.root,
    log: options.log ?? captureLog(),
    archive,
    ledger: options.ledger ?? memoryLedger(),
    stateDir: config.stateDir,
    progress: () => silentProgress,
    signal: options.signal ?? new AbortController().signal,
  };
}

export function artifactText(result: { artifacts: ReadonlyArray<{ path: string; content: string | Uint8Array }> }, file: string): string {
  const artifact = result.artifacts.find((a) => a.path === file);
  if (!artifact) throw new Error(`no artifact ${file}; have ${result.artifacts.map((a) => a.path).join(', ')}`);
  return typeof artifact.content === 'string' ? artifact.content : Buffer.from(artifact.content).toString('utf8');
}
