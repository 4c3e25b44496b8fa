// Render the whole archive (scope `site`): which issue triggered the run does
// not matter. Pure: time comes from the issues, never from the clock.
import type { Artifact, ChannelContext, RenderResult } from '../../src/channel.js';
import type { Finding } from '../../src/model.js';
import { asciiUri } from '../../src/parse/urls.js';
import { renderAtom } from './atom.js';
import { feedCards, type RenderedFeed } from './card.js';
import { isValidInstant } from './entry.js';
import { EMPTY_FEED_UPDATED, newestUpdate, type FeedHead } from './head.js';
import { renderJsonFeed } from './json-feed.js';
import type { FeedOptions } from './options.js';
import { renderRss } from './rss.js';
import { selectFeeds, type FeedSelection } from './select.js';
import { idChangedFindings, publishedEntries, publishedFeedIds, type PublishedFeedIds } from './state.js';
import type { EntryState, FeedFile, FeedIdState, FeedPayload } from './types.js';
import { stripInvalidXmlChars } from './xml.js';

export const ATOM_TYPE = 'application/atom+xml';
export const RSS_TYPE = 'application/rss+xml';
export const JSON_FEED_TYPE = 'application/feed+json';

export function renderFeeds(ctx: Pick<ChannelContext<FeedOptions>, 'options' | 'config' | 'archive' | 'ledger'>): RenderResult<FeedPayload> {
  const { options, config, archive } = ctx;
  const selection = selectFeeds(archive, options.languages, options.limit, config.allowedSchemes);
  const findings: Finding[] = [...selection.findings, ...idChangedFindings(archive, publishedEntries(ctx.ledger, archive))];

  const published = publishedFeedIds(ctx.ledger, archive);
  const since = oldestYear(archive);

  const files: FeedFile[] = [];
  const entries: EntryState[] = [];
  const feeds: FeedIdState[] = [];
  const plan: string[] = [];
  const rendered: RenderedFeed[] = [];
  for (const feed of selection.feeds) {
    const atomFile = `atom${feed.suffix}.xml`;
    const id = feedId(feed, atomFile, { options, siteUrl: config.site.url, published, since });
    if (id.changedFrom !== undefined) {
      findings.push({
        rule: 'feed-id-changed', severity: 'warning', file: config.file, line: 0,
        message: `feed.id changes the id of ${atomFile} from "${id.changedFrom}" to "${id.id}": every subscriber's reader will treat it as a new feed`,
        fix: `remove feed.id (the published id is kept), or set it to ${id.changedFrom}`,
      });
    }
    feeds.push({ file: atomFile, id: id.id });
    const head = headOf(feed, id.id, options, config.site);
    const name = (base: string, ext: string): string => `${base}${feed.suffix}.${ext}`;
    const own = [
      file(name('atom', 'xml'), ATOM_TYPE, renderAtom(head, feed.entries), head.self.atom),
      file(name('rss', 'xml'), RSS_TYPE, renderRss(head, feed.entries), head.self.rss),
      file(name('feed', 'json'), JSON_FEED_TYPE, renderJsonFeed(head, feed.entries), head.self.json),
    ];
    files.push(...own);
    rendered.push({ title: head.title, entries: feed.entries, files: own.map((f) => `feed/${f.name}`) });
    for (const e of feed.entries) entries.push({ id: e.id, link: e.link, source: e.source, language: e.language, updated: e.updated });
    const newest = feed.entries[0];
    plan.push(`${feed.language}: ${feed.entries.length} entr${feed.entries.length === 1 ? 'y' : 'ies'}${newest ? `, newest "${newest.title}" (${newest.published})` : ''}, updated ${head.updated}`);
    if (feed.entries.length === 0) {
      findings.push({ rule: 'feed-empty', severity: 'warning', message: `the ${feed.language} feed has no published issue`, file: config.content, line: 0 });
    }
  }
  plan.push(`write ${files.map((f) => f.name).join(', ')} to ${options.outputDir}`);
  if (options.hub) plan.push(`ping WebSub hub ${options.hub} for ${files.length} feed URLs`);

  const artifacts: Artifact[] = files.map((f) => ({ issue: null, path: `feed/${f.name}`, mediaType: f.mediaType, content: f.content }));
  return { artifacts, payload: { files, entries, feeds }, findings, plan, cards: feedCards(archive, rendered, options.limit) };
}

/**
 * The Atom feed id. Readers key a subscription by it, so it must survive a move of the site or of
 * `publicUrl`: never derived from the feed's URL. In order: the `id` option (`:<lang>` appended for
 * per-language feeds); else the id this file was published with, from the ledger; else, for a file
 * published before ids were recorded, the URL of the file (what that version used); else
 * `tag:<site host>,<year of the oldest published issue>:feed[:<lang>]`.
 */
export function feedId(
  feed: FeedSelection,
  atomFile: string,
  ctx: { options: FeedOptions; siteUrl: string; published: PublishedFeedIds; since: number },
): { id: string; changedFrom?: string } {
  const lang = feed.suffix ? `:${feed.language}` : '';
  const recorded = ctx.published.ids.get(atomFile);
  if (ctx.options.id) {
    const id = `${ctx.options.id}${lang}`;
    return recorded !== undefined && recorded !== id ? { id, changedFrom: recorded } : { id };
  }
  if (recorded !== undefined) return { id: recorded };
  if (ctx.published.unrecorded.has(atomFile)) return { id: new URL(atomFile, ctx.options.publicUrl).href };
  return { id: `tag:${new URL(ctx.siteUrl).hostname},${ctx.since}:feed${lang}` };
}

/** Year (UTC) of the oldest non-draft issue with a valid date: fixed once the archive has begun. */
export function oldestYear(archive: ReadonlyArray<{ draft: boolean; date: string }>): number {
  let oldest: number | undefined;
  for (const issue of archive) {
    if (issue.draft || !isValidInstant(issue.date)) continue;
    const time = Date.parse(issue.date);
    if (oldest === undefined || time < oldest) oldest = time;
  }
  // An empty archive has nothing to publish (and nothing the ledger could pin): any fixed year will do.
  return new Date(oldest ?? Date.parse(EMPTY_FEED_UPDATED)).getUTCFullYear();
}

function headOf(feed: FeedSelection, id: string, options: FeedOptions, site: { url: string; title: string; description: string; author?: string; license?: string }): FeedHead {
  const url = (file: string): string => new URL(file, options.publicUrl).href;
  const atom = url(`atom${feed.suffix}.xml`);
  return {
    id,
    title: stripInvalidXmlChars(site.title),
    subtitle: stripInvalidXmlChars(site.description),
    siteUrl: asciiUri(`${site.url}/`),
    self: { atom, rss: url(`rss${feed.suffix}.xml`), json: url(`feed${feed.suffix}.json`) },
    hub: options.hub === undefined ? undefined : asciiUri(options.hub),
    language: feed.language,
    updated: newestUpdate(feed.entries),
    author: stripInvalidXmlChars(site.author ?? site.title),
    rights: site.license ? stripInvalidXmlChars(site.license) : undefined,
  };
}

function file(name: string, mediaType: string, content: string, url: string): FeedFile {
  return { name, mediaType, content, url };
}
