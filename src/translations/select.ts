// Which members of a translation set one channel entry handles. Pure: the
// lifecycle asks once per channel where it chooses the issues to render.
//   - A channel that takes the whole set (`translations: 'set'`, e.g. one
//     message per reader in their language) renders once per set, from the
//     original, and that render covers every pending member.
//   - Any other channel handles one member per set: the original, or the first
//     of the entry's `languages` the set has. It never handles two members of a
//     set; the others are skipped with the reason.
import type { Issue } from '../model.js';
import { sameLanguage, type TranslationSet } from './sets.js';

export interface TranslationPolicy {
  /** The channel renders the whole set at once. */
  readonly whole: boolean;
  /** The channel entry's `languages`, in order of preference; absent: the original only. */
  readonly languages?: readonly string[];
}

export interface Batch {
  /** What the channel renders: the set's original for whole-set channels. */
  readonly issue: Issue;
  /** The pending members this render stands for (what the ledger records). */
  readonly covers: readonly Issue[];
}

export interface Skip {
  readonly issue: Issue;
  readonly reason: string;
  /** Recorded in the ledger as handled by the set (false: left pending for a later run). */
  readonly settled: boolean;
}

export interface Selection {
  readonly batches: readonly Batch[];
  readonly skipped: readonly Skip[];
}

/**
 * `targets`: the issues pending for the channel, in order. `setOf`: the set of
 * a member. `posted`: whether the channel already published this member itself.
 */
export function selectMembers(
  targets: readonly Issue[],
  setOf: (issue: Issue) => TranslationSet,
  policy: TranslationPolicy,
  posted: (issue: Issue) => boolean,
): Selection {
  const batches: Batch[] = [];
  const skipped: Skip[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    const set = setOf(target);
    if (seen.has(set.key)) continue;
    seen.add(set.key);
    const pending = targets.filter((t) => setOf(t).key === set.key);
    // A lone file is published as always, unless the entry names other languages.
    if (set.members.length === 1 && (policy.whole || !policy.languages || preferred(set, policy.languages))) {
      batches.push({ issue: target, covers: [target] });
      continue;
    }
    if (policy.whole) {
      if (!set.original) {
        for (const issue of pending) skipped.push({ issue, reason: `translation without its original in the site language: it goes out with the original`, settled: false });
        continue;
      }
      batches.push({ issue: set.original, covers: pending });
      continue;
    }
    const chosen = preferred(set, policy.languages);
    const done = set.members.find((m) => posted(m));
    const wants = policy.languages ? `this entry posts ${policy.languages.join(', ')} only` : 'this channel posts the original only (a channel entry with `languages:` posts a translation)';
    for (const issue of pending) {
      if (done && done !== issue) skipped.push({ issue, reason: `${issue.language} member of a set already posted as ${done.language} (${done.source}): one post per set`, settled: true });
      else if (issue === chosen) batches.push({ issue, covers: [issue] });
      else skipped.push({ issue, reason: `${issue.language} ${issue === set.original ? 'original' : 'translation'}: ${wants}`, settled: true });
    }
  }
  return { batches, skipped };
}

/** The one member a per-member channel handles: the original, or the first listed language the set has. */
function preferred(set: TranslationSet, languages: readonly string[] | undefined): Issue | undefined {
  if (!languages) return set.original;
  for (const language of languages) {
    const member = set.members.find((m) => sameLanguage(m.language, language));
    if (member) return member;
  }
  return undefined;
}
