// Which issues go into which feed. The default feed holds the site language
// only; each extra configured language gets files of its own (atom.de.xml…).
import type { Finding, Issue } from '../../src/model.js';
import { isValidInstant, toEntry, type FeedEntry } from './entry.js';
import { setLookup } from '../../src/translations/sets.js';

export interface FeedSelection {
  /** Lower-case BCP 47 tag. */
  readonly language: string;
  /** `''` for the site language, `.de` for German…: inserted before the file extension. */
  readonly suffix: string;
  /** Newest first, at most `limit`. */
  readonly entries: readonly FeedEntry[];
}

export interface Selection {
  readonly feeds: readonly FeedSelection[];
  readonly findings: readonly Finding[];
}

/** `de-AT` belongs to the `de` feed; `en` does not belong to `en-GB`'s. */
export function belongsTo(issueLanguage: string, feedLanguage: string): boolean {
  const lang = issueLanguage.toLowerCase();
  return lang === feedLanguage || lang.startsWith(`${feedLanguage}-`);
}

export function selectFeeds(archive: readonly Issue[], languages: readonly string[], limit: number, schemes: readonly string[] = []): Selection {
  const findings: Finding[] = [];
  const published: Issue[] = [];
  for (const issue of archive) {
    if (issue.draft) continue;
    if (!isValidInstant(issue.date)) {
      findings.push({ rule: 'front-matter', severity: 'warning', message: `not in the feed: date "${issue.date}" is not a valid instant`, file: issue.source, line: 0 });
      continue;
    }
    published.push(issue);
  }
  // Newest first; ties broken by id so the archive's file order never changes the bytes.
  published.sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const [site = 'en', ...extra] = languages;
  // Each entry links the other published members of its translation set.
  const setOf = setLookup(published, site);
  const translationsOf = (issue: Issue): Issue[] => setOf(issue).members.filter((m) => m.id !== issue.id);
  // Longest tag first so `pt-br` issues go to a `pt-br` feed rather than a `pt` one.
  const claimed = new Set<Issue>();
  const feeds: FeedSelection[] = [];
  const ordered = [...extra].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const extraFeeds = new Map<string, FeedSelection>();
  for (const language of ordered) {
    const members = published.filter((i) => !claimed.has(i) && belongsTo(i.language, language));
    members.forEach((i) => claimed.add(i));
    extraFeeds.set(language, { language, suffix: `.${language}`, entries: entriesOf(members, limit, language, findings, schemes, translationsOf) });
  }
  const siteMembers = published.filter((i) => !claimed.has(i) && belongsTo(i.language, site));
  feeds.push({ language: site, suffix: '', entries: entriesOf(siteMembers, limit, site, findings, schemes, translationsOf) });
  for (const language of extra) {
    const feed = extraFeeds.get(language);
    if (feed) feeds.push(feed);
  }
  return { feeds, findings };
}

function entriesOf(issues: readonly Issue[], limit: number, language: string, findings: Finding[], schemes: readonly string[], translationsOf: (issue: Issue) => Issue[]): FeedEntry[] {
  const entries: FeedEntry[] = [];
  const seen = new Map<string, Issue>();
  for (const issue of issues.slice(0, limit)) {
    const earlier = seen.get(issue.id);
    if (earlier) {
      // Readers merge entries that share an id: one of the two issues would never be seen.
      findings.push({ rule: 'duplicate-id', severity: 'error', message: `id "${issue.id}" is also used by ${earlier.source} in the ${language} feed`, file: issue.source, line: 0 });
      continue;
    }
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(issue.id)) {
      findings.push({ rule: 'feed-id', severity: 'error', message: `id "${issue.id}" is not an absolute URI (Atom requires one): use e.g. tag:example.org,2024-08-05:newsletter`, file: issue.source, line: 0 });
    }
    seen.set(issue.id, issue);
    entries.push(toEntry(issue, schemes, translationsOf(issue)));
  }
  return entries;
}
