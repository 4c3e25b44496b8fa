// Render the whole archive (scope `site`): which issue triggered the run does
// not matter. Pure: time comes from the issues, never from the clock.
import type { Artifact, ChannelContext, RenderResult } from '../../src/channel.js';
import type { Finding } from '../../src/model.js';
import { renderAtom } from './atom.js';
import { newestUpdate, type FeedHead } from './head.js';
import { renderJsonFeed } from './json-feed.js';
import type { FeedOptions } from './options.js';
import { renderRss } from './rss.js';
import { selectFeeds, type FeedSelection } from './select.js';
import { idChangedFindings, publishedEntries } from './state.js';
import type { EntryState, FeedFile, FeedPayload } from './types.js';
import { stripInvalidXmlChars } from './xml.js';

export const ATOM_TYPE = 'application/atom+xml';
export const RSS_TYPE = 'application/rss+xml';
export const JSON_FEED_TYPE = 'application/feed+json';

export function renderFeeds(ctx: Pick<ChannelContext<FeedOptions>, 'options' | 'config' | 'archive' | 'ledger'>): RenderResult<FeedPayload> {
  const { options, config, archive } = ctx;
  const selection = selectFeeds(archive, options.languages, options.limit);
  const findings: Finding[] = [...selection.findings, ...idChangedFindings(archive, publishedEntries(ctx.ledger, archive))];

  const files: FeedFile[] = [];
  const entries: EntryState[] = [];
  const plan: string[] = [];
  for (const feed of selection.feeds) {
    const head = headOf(feed, options, config.site);
    const name = (base: string, ext: string): string => `${base}${feed.suffix}.${ext}`;
    files.push(
      file(name('atom', 'xml'), ATOM_TYPE, renderAtom(head, feed.entries), head.self.atom),
      file(name('rss', 'xml'), RSS_TYPE, renderRss(head, feed.entries), head.self.rss),
      file(name('feed', 'json'), JSON_FEED_TYPE, renderJsonFeed(head, feed.entries), head.self.json),
    );
    for (const e of feed.entries) entries.push({ id: e.id, link: e.link, source: e.source, language: e.language, updated: e.updated });
    const newest = feed.entries[0];
    plan.push(`feed ${feed.language}: ${feed.entries.length} entr${feed.entries.length === 1 ? 'y' : 'ies'}${newest ? `, newest "${newest.title}" (${newest.published})` : ''}, updated ${head.updated}`);
    if (feed.entries.length === 0) {
      findings.push({ rule: 'feed-empty', severity: 'warning', message: `the ${feed.language} feed has no published issue`, file: config.content, line: 0 });
    }
  }
  plan.push(`write ${files.map((f) => f.name).join(', ')} to ${options.outputDir}`);
  if (options.hub) plan.push(`ping WebSub hub ${options.hub} for ${files.length} feed URLs`);

  const artifacts: Artifact[] = files.map((f) => ({ issue: null, path: `feed/${f.name}`, mediaType: f.mediaType, content: f.content }));
  return { artifacts, payload: { files, entries }, findings, plan };
}

function headOf(feed: FeedSelection, options: FeedOptions, site: { url: string; title: string; description: string; author?: string; license?: string }): FeedHead {
  const url = (file: string): string => new URL(file, options.publicUrl).href;
  const atom = url(`atom${feed.suffix}.xml`);
  return {
    id: options.id ? `${options.id}${feed.suffix ? `:${feed.language}` : ''}` : atom,
    title: stripInvalidXmlChars(site.title),
    subtitle: stripInvalidXmlChars(site.description),
    siteUrl: `${site.url}/`,
    self: { atom, rss: url(`rss${feed.suffix}.xml`), json: url(`feed${feed.suffix}.json`) },
    hub: options.hub,
    language: feed.language,
    updated: newestUpdate(feed.entries),
    author: stripInvalidXmlChars(site.author ?? site.title),
    rights: site.license ? stripInvalidXmlChars(site.license) : undefined,
  };
}

function file(name: string, mediaType: string, content: string, url: string): FeedFile {
  return { name, mediaType, content, url };
}
