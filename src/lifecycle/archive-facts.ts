// "A release never sends the archive": which issues are archive on which channel,
// read once from the ledger and the translation sets. Per channel, the cutoff is
// the newest issue it has a record of; on its first release (an adopted newsletter
// with years of back issues, a channel added later) the newest ready issue. An
// issue older than the cutoff is archive there: never a release target, and the
// plan says so. A team sends an old issue on purpose by naming it (publish FILE).
import type { Ledger } from '../ledger.js';
import type { Issue } from '../model.js';
import { setLookup } from '../translations/sets.js';

export interface ArchiveMark {
  /** Key of the cutoff issue. */
  readonly newest: string;
  /** The channel has no record yet: the cutoff is the newest ready issue. */
  readonly first: boolean;
}

export type IsArchive = (issue: Issue, channel: string) => ArchiveMark | undefined;

/**
 * `ready`: dated now or earlier, not a draft. A first release's cutoff is the newest ready
 * issue even when lint blocks it: taking the newest clean one instead would send an older
 * issue the newsletter already sent before it adopted the tool (the newest XSF issue has
 * errors). The price: an issue overtaken by a newer file on a channel's first release stays
 * unsent, and the plan says so (publish it by name).
 */
export function archiveFacts(archive: readonly Issue[], ledger: Ledger, siteLanguage: string, ready: (issue: Issue) => boolean): IsArchive {
  const setOf = setLookup(archive, siteLanguage);
  // A set counts by its original's date (else its oldest member's): a translation merged
  // a week later is as old as the issue it translates.
  const dateOf = new Map<Issue, number>();
  for (const issue of archive) {
    const set = setOf(issue);
    dateOf.set(issue, Date.parse(set.original?.date ?? set.members.reduce((oldest, m) => (Date.parse(m.date) < Date.parse(oldest) ? m.date : oldest), issue.date)));
  }
  const time = (issue: Issue): number => dateOf.get(issue) ?? Date.parse(issue.date);
  const newest = (issues: readonly Issue[]): Issue | undefined => issues.reduce<Issue | undefined>((best, i) => (!best || time(i) > time(best) ? i : best), undefined);
  const newestReady = newest(archive.filter((i) => !i.draft && ready(i)));
  const cutoffs = new Map<string, ArchiveMark & { time: number } | undefined>();
  const cutoff = (channel: string) => {
    if (!cutoffs.has(channel)) {
      const last = newest(archive.filter((i) => ledger.published(i.id, channel) !== undefined));
      const issue = last ?? newestReady;
      cutoffs.set(channel, issue ? { newest: issue.key, first: !last, time: time(issue) } : undefined);
    }
    return cutoffs.get(channel);
  };
  return (issue, channel) => {
    const mark = cutoff(channel);
    if (!mark || time(issue) >= mark.time) return undefined;
    // A member of a set the channel has started (translations: late) is the set's rules' to decide.
    const published = ledger.published(issue.id, channel) !== undefined;
    if (!published && setOf(issue).members.some((m) => ledger.published(m.id, channel) !== undefined)) return undefined;
    return { newest: mark.newest, first: mark.first };
  };
}
