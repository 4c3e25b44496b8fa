// From an issue to the post Bluesky will get: text within both limits, facets
// with UTF-8 byte ranges, the link card, the record key. Pure: no network.
import { RichText } from '@atproto/api';
import type { Finding, Issue } from '../../src/model.js';
import { announce } from '../announcement/announce.js';
import { cleanText } from '../announcement/compose.js';
import { graphemeLength } from '../announcement/length.js';
import { BLUESKY_MAX_BYTES, BLUESKY_MAX_GRAPHEMES, blueskyCounter, blueskyLength } from './length.js';
import type { BlueskyOptions } from './options.js';
import type { BlueskyPayload, Facet } from './payload.js';
import { deterministicTid } from './tid.js';

export const CHANNEL = 'bluesky';
/** The card's description is shown in two or three lines; longer ones are cut by the app anyway. */
const DESCRIPTION_GRAPHEMES = 300;
const RASTER = /\.(png|jpe?g|gif|webp)$/i;

export interface BlueskyRender {
  readonly payload: BlueskyPayload;
  readonly finding?: Finding;
  readonly template: string;
}

export function renderBluesky(issue: Issue, options: BlueskyOptions): BlueskyRender {
  const language = options.language ?? issue.language;
  const a = announce(issue, { hashtags: options.hashtags, language, ...(options.templateDir ? { templateDir: options.templateDir } : {}) }, blueskyCounter(), BLUESKY_MAX_GRAPHEMES);
  const text = a.composition.text;
  const length = blueskyLength(text);
  const thumbnail = thumbnailSource(issue, options);
  const payload: BlueskyPayload = {
    issueId: issue.id,
    issueKey: issue.key,
    rkey: deterministicTid(issue.date, issue.id, CHANNEL),
    text,
    graphemes: length.graphemes,
    bytes: length.bytes,
    langs: [language],
    facets: detectFacets(text),
    card: { uri: issue.canonicalUrl, title: cleanText(issue.title), description: truncate(cleanText(issue.summary || issue.intro.text), DESCRIPTION_GRAPHEMES) },
    ...(thumbnail ? { thumbnail } : {}),
  };
  const finding: Finding | undefined = length.fits
    ? undefined
    : {
        rule: 'announcement-length',
        severity: 'error',
        message: `bluesky: the announcement is ${length.graphemes}/${BLUESKY_MAX_GRAPHEMES} graphemes and ${length.bytes}/${BLUESKY_MAX_BYTES} UTF-8 bytes even with only the link left`,
        file: issue.source,
        line: 0,
        fix: "Shorten the template's fixed text or the issue URL: Bluesky allows 300 graphemes and 3,000 bytes.",
      };
  return { payload, template: a.template.source, ...(finding ? { finding } : {}) };
}

/** Links and hashtags, as the Bluesky app would detect them; mentions need a DID lookup and are left as text. */
export function detectFacets(text: string): Facet[] {
  const rich = new RichText({ text });
  rich.detectFacetsWithoutResolution();
  const facets: Facet[] = [];
  for (const facet of rich.facets ?? []) {
    const features: Facet['features'][number][] = [];
    for (const feature of facet.features as readonly { $type: string; uri?: unknown; tag?: unknown }[]) {
      if (feature.$type === 'app.bsky.richtext.facet#link' && typeof feature.uri === 'string') features.push({ $type: 'app.bsky.richtext.facet#link', uri: feature.uri });
      if (feature.$type === 'app.bsky.richtext.facet#tag' && typeof feature.tag === 'string') features.push({ $type: 'app.bsky.richtext.facet#tag', tag: feature.tag });
    }
    if (features.length > 0) facets.push({ index: { byteStart: facet.index.byteStart, byteEnd: facet.index.byteEnd }, features });
  }
  return facets;
}

function thumbnailSource(issue: Issue, options: BlueskyOptions): BlueskyPayload['thumbnail'] {
  switch (options.image.kind) {
    case 'none':
      return undefined;
    case 'url':
      return { url: options.image.url };
    case 'file':
      return { file: options.image.path };
    case 'issue': {
      const first = issue.images.find((image) => RASTER.test(pathOf(image.src)));
      return first ? { url: first.src } : undefined;
    }
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function truncate(text: string, max: number): string {
  if (graphemeLength(text) <= max) return text;
  const segments = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].slice(0, max - 1);
  return segments.map((s) => s.segment).join('').replace(/\s+\S*$/u, '') + '…';
}
