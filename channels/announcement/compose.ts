// Fit an announcement into a platform's budget. The editors' summary is kept:
// when it does not fit whole it is cut at a word ("…" added) before anything
// else goes. Then, in order: the least prominent highlights, the tail of the
// title (cut at a word boundary, "…" added), hashtags (whole ones, from the
// end). The URL and every hashtag kept are never cut.
import type { LengthCounter } from './length.js';
import { fillTemplate } from './template.js';

export interface AnnouncementInput {
  readonly title: string;
  /** The canonical URL: always kept whole. */
  readonly url: string;
  readonly summary: string;
  /** Most prominent first. */
  readonly highlights: readonly string[];
  /** With the leading `#`. */
  readonly hashtags: readonly string[];
  readonly language: string;
}

export interface Composition {
  readonly text: string;
  /** Length as the platform counts it. */
  readonly length: number;
  readonly limit: number;
  readonly fits: boolean;
  /** How many highlights, hashtags made it in. */
  readonly highlights: number;
  readonly hashtags: number;
  readonly summary: boolean;
  /** The summary had to be cut at a word to fit. */
  readonly summaryShortened?: boolean;
  readonly titleShortened: boolean;
}

const ELLIPSIS = '…';
/** A title cut below this share of its length reads worse than losing the hashtags. */
const MIN_TITLE_SHARE = 0.5;

export function safeLocale(language: string): string {
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** One line of plain text: NFC, no control characters, single spaces. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').replace(/\s+/gu, ' ').trim();
}

export function formatList(items: readonly string[], language: string): string {
  if (items.length === 0) return '';
  return new Intl.ListFormat(safeLocale(language), { style: 'long', type: 'conjunction' }).format(items);
}

/** End offsets where the title may be cut: after each word, else after each grapheme. */
function cutPoints(title: string, language: string, byWord: boolean): number[] {
  const points: number[] = [];
  const segmenter = new Intl.Segmenter(safeLocale(language), { granularity: byWord ? 'word' : 'grapheme' });
  for (const seg of segmenter.segment(title)) {
    const end = seg.index + seg.segment.length;
    if (end >= title.length) continue;
    if (!byWord || seg.isWordLike) points.push(end);
  }
  return points;
}

function offsetAfterGraphemes(text: string, count: number): number {
  let n = 0;
  for (const seg of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (n === count) return seg.index;
    n++;
  }
  return text.length;
}

function shorten(title: string, end: number): string {
  const head = title.slice(0, end).replace(/[\s,;:.\-–—·|/([{"'“‘«]+$/u, '');
  return head === '' ? '' : head + ELLIPSIS;
}

export function compose(template: string, input: AnnouncementInput, counter: LengthCounter, limit: number): Composition {
  const title = cleanText(input.title);
  const summary = cleanText(input.summary);
  const highlights = input.highlights.map(cleanText).filter((h) => h !== '');
  const hashtags = input.hashtags.map(cleanText).filter((h) => h !== '');
  const url = input.url.trim();
  // Every grapheme counts at least 1 on both platforms, so no cut beyond `limit` graphemes
  // can fit: bounding the search keeps composing fast on absurd titles.
  const maxEnd = offsetAfterGraphemes(title, limit);
  const titleCanFit = maxEnd >= title.length;
  const usesSummary = /\{\{\s*summary\s*\}\}/.test(template);

  const attempt = (t: string, h: number, summaryText: string, tags: number, shortened: boolean): Composition => {
    const text = fillTemplate(template, {
      title: t,
      highlights: formatList(highlights.slice(0, h), input.language),
      summary: summaryText,
      hashtags: hashtags.slice(0, tags).join(' '),
      url,
    }).normalize('NFC');
    const length = counter.count(text);
    const withSummary = usesSummary && summaryText !== '';
    return { text, length, limit, fits: length <= limit, highlights: h, hashtags: tags, summary: withSummary, ...(withSummary && summaryText !== summary ? { summaryShortened: true } : {}), titleShortened: shortened };
  };

  // The longest cut of the summary, at a word, that fits with the whole title.
  const shortenedSummary = (tags: number): Composition | undefined => {
    const points = cutPoints(summary.slice(0, offsetAfterGraphemes(summary, limit) + 1), input.language, true);
    let lo = 0;
    let hi = points.length - 1;
    let best: Composition | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const candidate = shorten(summary, points[mid] ?? 0);
      const result = candidate === '' ? undefined : attempt(title, 0, candidate, tags, false);
      if (result?.fits) {
        best = result;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  };

  if (summary !== '' && usesSummary && titleCanFit) {
    for (let tags = hashtags.length; tags >= 0; tags--) {
      for (let h = highlights.length; h >= 0; h--) {
        const result = attempt(title, h, summary, tags, false);
        if (result.fits) return result;
      }
      const cut = shortenedSummary(tags);
      if (cut) return cut;
    }
  }

  // Largest cut of the title (not below minEnd) that fits, if any.
  const shortenedTitle = (tags: number, minEnd: number): Composition | undefined => {
    for (const byWord of [true, false]) {
      const points = cutPoints(title.slice(0, maxEnd + 1), input.language, byWord).filter((p) => p >= minEnd && p <= maxEnd);
      let lo = 0;
      let hi = points.length - 1;
      let best: Composition | undefined;
      // Length grows with the cut point, so a binary search finds the longest fit.
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const candidate = shorten(title, points[mid] ?? 0);
        const result = candidate === '' ? undefined : attempt(candidate, 0, '', tags, true);
        if (result?.fits) {
          best = result;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      if (best) return best;
    }
    return undefined;
  };

  for (let h = highlights.length; h >= 0 && titleCanFit; h--) {
    const result = attempt(title, h, '', hashtags.length, false);
    if (result.fits) return result;
  }
  const minEnd = Math.ceil(title.length * MIN_TITLE_SHARE);
  const keepTags = shortenedTitle(hashtags.length, minEnd);
  if (keepTags) return keepTags;
  for (let tags = hashtags.length - 1; tags >= 0; tags--) {
    const whole = titleCanFit ? attempt(title, 0, '', tags, false) : undefined;
    if (whole?.fits) return whole;
    const cut = shortenedTitle(tags, minEnd);
    if (cut) return cut;
  }
  const anyCut = shortenedTitle(0, 0);
  if (anyCut) return anyCut;
  // Last resort: the link alone. When even that is over, the caller reports it.
  return attempt('', 0, '', 0, title !== '');
}
