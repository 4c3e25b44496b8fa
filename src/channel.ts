// The channel contract (DESIGN §4). The lifecycle (src/lifecycle/) calls
// these steps in order; a channel never learns whether the run is a dry run:
// the plan simply stops before `publish`. Everything the core needs to know
// about a channel (its order, how to summarise a receipt, whether it can send
// a test copy) is declared here, so the core never names a channel.
import type { Card } from './card.js';
import type { Config } from './config.js';
import type { Finding, Issue } from './model.js';
import type { Logger } from './log.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Artifact {
  /** Key of the issue the artifact belongs to, or null for site-wide output (feeds). */
  readonly issue: string | null;
  /** Path relative to the output folder, with `/` separators, e.g. `2020-10-x/email.html`. */
  readonly path: string;
  readonly mediaType: string;
  readonly content: string | Uint8Array;
}

export interface RenderResult<Payload> {
  readonly artifacts: readonly Artifact[];
  readonly payload: Payload;
  /** Problems only a render can see (email-size, announcement-length). Errors block publishing. */
  readonly findings?: readonly Finding[];
  /** Lines describing what publish would do (recipients, post text with its length); printed in dry runs. */
  readonly plan?: readonly string[];
  /** What the review page shows, chosen by the channel (src/card.ts): one card per issue rendered. */
  readonly cards?: readonly Card[];
}

/** Read-only view of what the ledger holds for one channel. */
export interface LedgerView {
  /** The receipt of an earlier successful publish of this issue on this channel, if any. */
  published(issueId: string): PublishedRecord | undefined;
}

export interface PublishedRecord {
  readonly at: string;
  readonly payloadHash: string;
  /** SHA-256 of the issue file when it was published: later edits are reported, never re-sent. */
  readonly sourceHash?: string;
  readonly receipt: unknown;
}

export interface Progress {
  /** Called as work advances; the CLI draws a bar on a terminal and prints periodic lines in CI. */
  update(done: number, total: number, detail?: string): void;
  done(summary?: string): void;
}

export interface ChannelContext<Options> {
  readonly options: Options;
  readonly config: Config;
  readonly env: Env;
  readonly cwd: string;
  readonly log: Logger;
  /** Every issue of the content folder (drafts included, flagged): the feed renders the archive from it. */
  readonly archive: readonly Issue[];
  readonly ledger: LedgerView;
  /** Folder for channel state (`.publish/`), e.g. the email journal. */
  readonly stateDir: string;
  readonly progress: (label: string) => Progress;
  /** Aborted when the user interrupts (SIGINT/SIGTERM): stop between messages. */
  readonly signal: AbortSignal;
}

export interface Channel<Options = unknown, Payload = unknown, Receipt = unknown> {
  /** Permanent: the config key, the ledger key and the out/ file prefix. */
  readonly name: string;
  /** `issue`: one payload per issue. `site`: one payload for the whole archive (feeds). */
  readonly scope: 'issue' | 'site';
  /**
   * Order in the plan, lowest first. Site-wide channels that others link to (the feed)
   * take an early phase: an issue channel waits for every channel of an earlier phase
   * that failed for the same issue, so no post links to a page that is not live yet.
   */
  readonly phase: number;
  /**
   * Translation sets (src/translations): `set` renders once per set from its
   * original and covers every member (one message per reader in their language).
   * Absent: the channel handles one member per set, the original or the entry's `languages`.
   */
  readonly translations?: 'set';
  /** Pure. Throws PublishError NP204 listing every problem at once. */
  parseOptions(raw: unknown, env: Env, config: Config): Options;
  /** Local checks only (secrets present and well-formed, files readable, templates valid). No network. */
  verify(ctx: ChannelContext<Options>): Promise<void>;
  /** Read-only remote checks (SMTP EHLO/AUTH, verify_credentials). Run before any live publish. */
  probe?(ctx: ChannelContext<Options>): Promise<void>;
  /** Pure and deterministic: the same issue and config give byte-identical artifacts. */
  render(issue: Issue, ctx: ChannelContext<Options>): Promise<RenderResult<Payload>>;
  /** The only side effect. Must be safe to call again after a crash (journal / idempotency key). */
  publish(payload: Payload, ctx: ChannelContext<Options>): Promise<Receipt>;
  /** One line for the outcome and the step summary, from this channel's own receipt (already redacted). */
  describe(receipt: Receipt): string;
  /** `publish --to ADDRESS`: a channel that can send one test copy to one address offers this. */
  readonly testCopy?: TestCopy<Options, Payload>;
}

/** The optional test-copy capability: found by the core by capability, never by channel name. */
export interface TestCopy<Options, Payload> {
  /** The environment variables a test copy needs that are missing, checked before anything renders. Empty when ready. */
  missing(env: Env, config: Config): ReadonlyArray<{ readonly variable: string; readonly detail: string }>;
  /** Sends one copy of the rendered payload to `address`; records nothing anywhere. */
  send(payload: Payload, ctx: ChannelContext<Options>, address: string): Promise<unknown>;
}

/** A channel with its type parameters erased, as the registry holds it. */
export type AnyChannel = Channel<unknown, unknown, unknown>;

/**
 * Erase a channel's type parameters for the registry. Safe because the
 * lifecycle only ever hands a channel the options its own parseOptions
 * returned and the payload its own render returned.
 */
export function defineChannel<O, P, R>(channel: Channel<O, P, R>): AnyChannel {
  return channel as unknown as AnyChannel;
}
