// The one call the lifecycle makes where it chooses what a channel renders:
// the channel's translation policy (its contract's `translations`, the
// entry's `languages`) applied to the pending issues.
import type { LoadedChannel } from '../channel-set.js';
import type { Config } from '../config.js';
import type { Ledger } from '../ledger.js';
import type { Issue } from '../model.js';
import { isRealPublish, type SettledSkip } from './ledger.js';
import { selectMembers, type Batch } from './select.js';
import { setLookup } from './sets.js';

export interface ChannelSelection {
  readonly batches: readonly Batch[];
  readonly skipped: ReadonlyArray<{ readonly issue: Issue; readonly reason: string }>;
  /** Skips the ledger records once the run publishes (live runs only). */
  readonly settled: readonly SettledSkip[];
}

export function translationSelector(config: Config, ledger: Ledger, visible: readonly Issue[]): (item: LoadedChannel, pending: readonly Issue[]) => ChannelSelection {
  const setOf = setLookup(visible, config.site.language);
  return (item, pending) => {
    const name = item.channel.name;
    const entry = config.channels.find((c) => c.name === name);
    const policy = { whole: item.channel.translations === 'set', ...(entry?.languages ? { languages: entry.languages } : {}) };
    const selection = selectMembers(pending, setOf, policy, (issue) => isRealPublish(ledger.published(issue.id, name)));
    return {
      batches: selection.batches,
      skipped: selection.skipped,
      settled: selection.skipped.filter((s) => s.settled).map((s) => ({ issue: s.issue, channel: name, set: setOf(s.issue).key, reason: s.reason })),
    };
  };
}
