// The ledger (DESIGN §7): what was published where, written atomically right
// after each channel succeeds. It also pins issue ids: the first time an
// issue is seen its id and canonical URL are recorded by source file, so a
// later permalink change never changes the id feeds and receipts use.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.js';
import type { LedgerView, PublishedRecord } from './channel.js';
import { PublishError } from './errors.js';
import { stateWriteError } from './state-write-error.js';
import type { Issue } from './model.js';

export interface PinnedIssue {
  readonly id: string;
  readonly canonicalUrl: string;
  readonly source: string;
  readonly pinnedAt: string;
}

export interface LedgerData {
  readonly version: 1;
  /** By issue id, then channel name. */
  readonly issues: Record<string, Record<string, PublishedRecord>>;
  /** By source path (relative to the config root). */
  readonly pins: Record<string, PinnedIssue>;
}

export class Ledger {
  private data: LedgerData;

  private constructor(readonly file: string, data: LedgerData) {
    this.data = data;
  }

  /**
   * Only an absent ledger means "nothing published yet". One that cannot be
   * read, or is not the shape this version writes, stops the run (NP601):
   * treating it as empty would publish everything again.
   */
  static load(file: string): Ledger {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return new Ledger(file, { version: 1, issues: {}, pins: {} });
      throw new PublishError('NP601', `${file} cannot be read (${code ?? (error as Error).message}); nothing was sent`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new PublishError('NP601', `${file} is not a ledger written by publish (not JSON); nothing was sent`);
    }
    const problem = shapeProblem(data);
    if (problem) throw new PublishError('NP601', `${file} is not a ledger written by publish (${problem}); nothing was sent`);
    const valid = data as LedgerData;
    return new Ledger(file, { version: 1, issues: valid.issues, pins: valid.pins ?? {} });
  }

  published(issueId: string, channel: string): PublishedRecord | undefined {
    return this.data.issues[issueId]?.[channel];
  }

  view(channel: string): LedgerView {
    return { published: (issueId) => this.published(issueId, channel) };
  }

  pin(source: string): PinnedIssue | undefined {
    return this.data.pins[source];
  }

  /**
   * The pinned id for this issue's source, pinning it now when the ledger has none.
   * A file that was renamed keeps its id through its canonical URL, but only when
   * the pinned file is really gone: two live files never share an id.
   */
  pinIssue(issue: Issue, at: string, sourceExists: (source: string) => boolean): Issue {
    const pinned = this.data.pins[issue.source]
      ?? Object.values(this.data.pins).find((p) => p.canonicalUrl === issue.canonicalUrl && !sourceExists(p.source));
    if (pinned) return pinned.id === issue.id ? issue : { ...issue, id: pinned.id };
    this.data.pins[issue.source] = { id: issue.id, canonicalUrl: issue.canonicalUrl, source: issue.source, pinnedAt: at };
    return issue;
  }

  /** Records a success and writes the ledger to disk at once (atomically). */
  record(issueId: string, channel: string, record: PublishedRecord): void {
    (this.data.issues[issueId] ??= {})[channel] = record;
    this.save();
  }

  /** Throws NP602 naming the file and the cause (disk full, read-only, permissions). */
  save(): void {
    try {
      writeFileAtomic(this.file, JSON.stringify(sortKeys(this.data), null, 2) + '\n');
    } catch (error) {
      throw stateWriteError(this.file, error);
    }
  }

  toJSON(): LedgerData {
    return this.data;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function shapeProblem(data: unknown): string | undefined {
  if (!isObject(data)) return 'not an object';
  if (!isObject(data['issues'])) return '"issues" is not an object';
  if (data['version'] !== 1) return `unknown version ${JSON.stringify(data['version'])}; this publish reads version 1`;
  for (const [id, channels] of Object.entries(data['issues'])) {
    if (!isObject(channels)) return `issues.${id} is not an object`;
    for (const [channel, record] of Object.entries(channels)) {
      if (!isObject(record) || typeof record['at'] !== 'string' || typeof record['payloadHash'] !== 'string') return `issues.${id}.${channel} is not a publish record`;
    }
  }
  if (data['pins'] !== undefined && !isObject(data['pins'])) return '"pins" is not an object';
  return undefined;
}

// Stable key order keeps the committed ledger's git diffs small and reviewable.
function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return value;
}
