// The most prominent items of an issue, for one line of an announcement. Only
// what the issue itself names as a thing counts: a heading, or a link text —
// never words lifted from a sentence (that gave "MIT 3.7", "Since 2.12.0",
// "November 3.0"). Every label is, word for word, part of one heading or link
// text of the issue. Ranked by section: community and foundation news (a
// summit, elections, GSoC), then events, then new specifications and releases.
// Sections are recognised from headings in the corpus' languages, so it stays
// generic: a newsletter without such sections simply has no highlights.
import type { Issue, Section } from '../../src/model.js';
import { isGenericName, isNameWord, isNotProduct, isPreposition, isStopWord } from './name-words.js';

export type HighlightKind = 'community' | 'event' | 'spec' | 'release';

export interface Highlight {
  /** Short phrase, word for word from a heading or link text, e.g. "Openfire 4.6.0". */
  readonly label: string;
  readonly kind: HighlightKind;
  /** Where to read more, when the label is a link text. */
  readonly href?: string;
}

interface Candidate extends Highlight {
  readonly rank: number;
  readonly order: number;
  readonly key: string;
  readonly version?: readonly number[];
}

/** Fewer confident items than this make no list: a shorter post reads better than a thin one. */
export const MIN_HIGHLIGHTS = 2;
const MAX_LABEL = 70;

const SKIP_HEADING = /translat|übersetz|traduc|tradu[zç]|contribut|mitwirk|spread|verbreit|diffus|help us|hilf|aidez|ayud|aiut|ajud|unsubscrib|abbestell|abonn|désinscri|desuscri|cancel|licen[cs]|lizenz|video|vidéo|vídeo|article|artikel|articol|artícul|artigo|podcast|thanks|danke|merci/i;
const FOUNDATION_HEADING = /\bxsf\b|foundation|fondation|fundaci|fondazion|fundação|stiftung|community|communauté|comunidad|comunità|comunidade|gemeinschaft|summit|gipfel|sommet|cumbre|gsoc|summer of code|election|wahl|élection|elecci|elezion|eleiç|membership|mitglied|adhésion|membres|membresía|iscrizion|associaç/i;
/**
 * Notable in a community or event heading or link: a named occasion, a year,
 * a specification or advisory. Without it a heading is a standing category
 * ("Rust Walkthroughs", "Day 1"), not news.
 */
const NOTABLE = /\b(19|20)\d{2}\b|\bXEP-\d{4}\b|\bCVE-\d|summit|gipfel|sommet|cumbre|gsoc|summer of code|election|wahl|élection|elecci|elezion|eleiç|membership|mitglied|adhésion|fosdem|sprint|conference|konferenz|conférence|conferenc|congr/i;
/** Sections that come back every month and are not this month's news. */
const RECURRING = /fiscal|spenden|financ|donat|hébergement|alojamiento|ospitalit|hospedagem/i;
/** A heading that only says "announcements" or "news" groups others: it names nothing itself. */
const GENERIC_WORDS = new Set(['xsf', 'xmpp', 'the', 'of', 'de', 'la', 'der', 'des', 'della', 'dell', 'da', 'do', 'del', 'von', 'announcements', 'announcement', 'news', 'annonces', 'annonce', 'anuncios', 'anuncio', 'annunci', 'annuncio', 'meldungen', 'ankündigungen', 'neuigkeiten', 'nouvelles', 'noticias', 'notizie', 'notícias', 'novidades', 'anúncios', 'avisos', 'foundation', 'community', 'communauté', 'comunidad', 'comunità', 'comunidade']);
const EVENT_HEADING = /event|événement|evento|veranstaltung|conference|konferenz|meetup|talks?\b|vorträge/i;
const RELEASE_HEADING = /software|server|serveur|servidor|client|librar|bibliot|release|tool|outil|strument|herramient|werkzeug|applica|aplica|anwendung|logiciel|programm/i;
const SPEC_HEADING = /extension|specification|xep|spezifikation|erweiterung|especificac|spécification|specifich|especifica/i;
const NEW_HEADING = /^(new|neu|nouveaux?|nouvelles?|nuevos?|nuevas?|nuov[oie]|nov[oa]s?)\b/i;
const XEP = /\bXEP-\d{4}\b/;
/** A version number as written: 4.0, v1.7.11, 24.07, 0.27.1, 2.0.0-rc1. */
const VERSION = /(?<![\p{L}\p{N}.\-/])v?\d+(?:\.\d+){1,3}(?:-?(?:rc|beta|alpha)\.?\d*)?(?![\p{L}\p{N}]|\.\d)/giu;
const MAX_NAME_WORDS = 3;

export function findHighlights(issue: Issue, max = 6): Highlight[] {
  const found: Candidate[] = [];
  let order = 0;
  const add = (candidate: Omit<Candidate, 'order'> | undefined): void => {
    if (candidate && candidate.label.length <= MAX_LABEL) found.push({ ...candidate, order: order++ });
  };
  const visit = (section: Section, ancestors: readonly string[]): void => {
    // A skipped section's children are judged on their own headings: issues nest
    // real news under a mistaken `# Videos`.
    if (SKIP_HEADING.test(section.heading)) {
      for (const child of section.children) visit(child, []);
      return;
    }
    const context = [...ancestors, section.heading];
    const inSpecs = context.some((h) => SPEC_HEADING.test(h));
    if (inSpecs) {
      if (NEW_HEADING.test(section.heading.trim())) {
        for (const link of section.links) add(specFromLink(link.text, link.href));
      }
    } else if (context.some((h) => EVENT_HEADING.test(h))) {
      if (ancestors.length > 0 && NOTABLE.test(section.heading)) add(community(section.heading, 'event', 3));
      // "XMPP Sprint in Worcester, UK": the place after a comma would read as another list item.
      for (const link of section.links) if (NOTABLE.test(link.text)) add(community(link.text.split(', ')[0] ?? '', 'event', 3, link.href));
    } else if (context.some((h) => RELEASE_HEADING.test(h))) {
      add(release(section.heading));
      for (const link of section.links) add(release(link.text, link.href));
    } else if (context.some((h) => FOUNDATION_HEADING.test(h))) {
      if (!isGeneric(section.heading)) {
        if (NOTABLE.test(section.heading)) add(community(section.heading, 'community', RECURRING.test(section.heading) ? 0.5 : 6));
      } else {
        for (const link of section.links) if (NOTABLE.test(link.text) && !RECURRING.test(link.text)) add(community(link.text, 'community', 5, link.href));
      }
    }
    for (const child of section.children) visit(child, context);
  };
  for (const section of issue.sections) visit(section, []);

  // One entry per thing: the newest version mentioned wins, else the first mention.
  const byKey = new Map<string, Candidate>();
  for (const candidate of found) {
    const earlier = byKey.get(candidate.key);
    if (!earlier || compareVersions(candidate.version, earlier.version) > 0) byKey.set(candidate.key, candidate);
  }
  const ranked = [...byKey.values()].sort((a, b) => b.rank - a.rank || a.order - b.order).slice(0, max);
  if (ranked.length < MIN_HIGHLIGHTS) return [];
  return ranked.map(({ label, kind, href }) => (href ? { label, kind, href } : { label, kind }));
}

function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isGeneric(heading: string): boolean {
  const words = heading.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  return words.every((w) => GENERIC_WORDS.has(w));
}

function community(text: string, kind: 'community' | 'event', rank: number, href?: string): Omit<Candidate, 'order'> | undefined {
  const label = tidy(text).replace(/[\s:;,.!]+$/u, '');
  // A name starts like one: not a sentence fragment ("has signed an open letter…").
  const first = label.split(' ')[0] ?? '';
  if (label === '' || !/^[\p{Lu}\p{N}]/u.test(label) || isStopWord(first)) return undefined;
  return { label, kind, rank, key: `${kind}:${label.toLowerCase()}`, ...(href ? { href } : {}) };
}

/** A new specification: the link text that names it ("XEP-0484 (Fast Authentication Streamlining Tokens)"). */
function specFromLink(text: string, href: string): Omit<Candidate, 'order'> | undefined {
  const source = tidy(text);
  const match = XEP.exec(source);
  if (!match) return undefined;
  // "Version 0.1.0 of XEP-0480 (SASL Upgrade Tasks)": the name starts at the number.
  const label = source.slice(match.index);
  return { label, kind: 'spec', rank: 2, key: match[0].toLowerCase(), href };
}

/**
 * A release named in a heading or link text: the name words right before the
 * first version number ("Release notes for Gajim 1.6" gives "Gajim 1.6").
 * A function word, month, licence or protocol before the number means the text
 * does not name a product, and gives nothing.
 */
function release(text: string, href?: string): Omit<Candidate, 'order'> | undefined {
  const source = tidy(text);
  for (const match of source.matchAll(VERSION)) {
    const before = source.slice(0, match.index);
    const words = before.split(' ').filter((w) => w !== '');
    const name: string[] = [];
    for (let i = words.length - 1; i >= 0 && name.length < MAX_NAME_WORDS; i--) {
      const word = words[i] ?? '';
      if (!isNameWord(word)) break;
      name.unshift(word);
    }
    // The name must start with a word that can start one (not "and", not a platform).
    while (name.length > 0 && isStopWord(name[0] ?? '')) name.shift();
    // Inside a sentence-like text, lower-case words before the name are prose ("post accompanying MongooseIM 4.0");
    // at the start of the text they are the name ("monocles chat 1.6.3").
    const startsText = before.trimEnd() === name.join(' ');
    while (!startsText && name.length > 1 && !/^[\p{Lu}\p{N}]/u.test(name[0] ?? '')) name.shift();
    if (name.length === 1 && isGenericName(name[0] ?? '')) continue;
    // "Candy plugin for Openfire 2.2.0": after a preposition the version may be the plugin's, not the name's.
    const previous = words[words.length - name.length - 1];
    if (previous !== undefined && isPreposition(previous)) continue;
    if (name.length === 0 || !/\p{L}/u.test(name.join('')) || isNotProduct(name[name.length - 1] ?? '')) continue;
    const version = match[0];
    const start = source.lastIndexOf(name.join(' '), match.index);
    if (start < 0) continue;
    const label = source.slice(start, (match.index ?? 0) + version.length);
    const parts = version.replace(/^v/i, '').split(/[.-]/).map((p) => Number.parseInt(p, 10)).filter((n) => !Number.isNaN(n));
    // x.y and x.y.0 are feature releases; x.y.z patches rank below new specifications.
    const feature = parts.length === 2 || parts[parts.length - 1] === 0;
    return { label, kind: 'release', rank: feature ? 2.5 : 1, key: `release:${name.join(' ').toLowerCase()}`, version: parts, ...(href ? { href } : {}) };
  }
  return undefined;
}

function compareVersions(a: readonly number[] | undefined, b: readonly number[] | undefined): number {
  if (!a || !b) return 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
