// The most prominent items of an issue, as short phrases for one line of an
// announcement: feature releases ("MongooseIM 4.0"), new specifications
// ("XEP-0444 Message Reactions"), named events, then patch releases. Found
// from headings in the languages of the corpus, so it stays generic: a
// newsletter without such sections simply has no highlights.
import type { Issue, Link, Section } from '../../src/model.js';

export type HighlightKind = 'release' | 'spec' | 'event';

export interface Highlight {
  /** Short phrase, e.g. "Openfire 4.6.0". */
  readonly label: string;
  readonly kind: HighlightKind;
  /** Where to read more, when the issue links it. */
  readonly href?: string;
}

interface Candidate extends Highlight {
  readonly rank: number;
  readonly order: number;
  readonly key: string;
  readonly version?: readonly number[];
}

const RELEASE_HEADING = /software|server|client|librar|bibliot|release|tool|applica|aplica|anwendung|neuigkeit|servidor|serveur|logiciel/i;
const SPEC_HEADING = /extension|specification|xep|spezifikation|erweiterung|especificac|spécification/i;
const NEW_HEADING = /^(new|neu|nouveaux?|nouvelles?|nuevos?|nuevas?)\b/i;
const EVENT_HEADING = /event|conference|meetup|veranstaltung|événement|evento|talks?\b|vorträge/i;
const NOTABLE_EVENT = /\b(19|20)\d{2}\b|conference|summit|sprint|fosdem|konferenz|congr|days\b/i;

const VERSION = /(?<![\w.\-/])v?(\d+\.\d+(?:\.\d+){0,2})(?![\w-]|\.\d)/g;
/** Capitalised words that start a sentence but never name a product. */
const NOT_A_NAME = new Set(['the', 'a', 'an', 'it', 'its', 'this', 'that', 'these', 'those', 'we', 'they', 'version', 'versions', 'release', 'releases', 'in', 'on', 'and', 'but', 'with', 'from', 'after', 'shortly', 'also', 'new', 'our', 'their', 'der', 'die', 'das', 'le', 'la', 'les', 'el', 'los', 'las', 'there', 'here', 'now', 'today', 'finally']);
/** Platforms and stages named next to a version ("for Android 2.4.0", "Beta 4.7.0"): the product comes before them. */
const QUALIFIERS = new Set(['android', 'ios', 'windows', 'linux', 'macos', 'web', 'desktop', 'go', 'lua', 'python', 'java', 'erlang', 'rust', 'node', 'beta', 'alpha', 'rc', 'preview', 'candidate', 'lts', 'xmpp']);
const NOT_RELEASED = /^(upcoming|next|future|kommende|nächste|prochaine?|próxima|próximo)$/i;
const MAX_LOOKBACK = 8;

export function findHighlights(issue: Issue, max = 6): Highlight[] {
  const found: Candidate[] = [];
  let order = 0;
  const visit = (section: Section, ancestors: readonly string[]): void => {
    const context = [...ancestors, section.heading];
    const inSpecs = context.some((h) => SPEC_HEADING.test(h));
    if (inSpecs && NEW_HEADING.test(section.heading.trim())) {
      for (const spec of newSpecs(section)) found.push({ ...spec, order: order++ });
    } else if (!inSpecs && context.some((h) => RELEASE_HEADING.test(h))) {
      for (const release of releases(section)) found.push({ ...release, order: order++ });
    } else if (context.some((h) => EVENT_HEADING.test(h))) {
      for (const event of events(section)) found.push({ ...event, order: order++ });
    }
    for (const child of section.children) visit(child, context);
  };
  for (const section of issue.sections) visit(section, []);

  // One entry per product: the newest version mentioned wins.
  const byKey = new Map<string, Candidate>();
  for (const candidate of found) {
    const earlier = byKey.get(candidate.key);
    if (!earlier || compareVersions(candidate.version, earlier.version) > 0) byKey.set(candidate.key, candidate);
  }
  return [...byKey.values()]
    .sort((a, b) => b.rank - a.rank || a.order - b.order)
    .slice(0, max)
    .map(({ label, kind, href }) => (href ? { label, kind, href } : { label, kind }));
}

function newSpecs(section: Section): Omit<Candidate, 'order'>[] {
  const out: Omit<Candidate, 'order'>[] = [];
  for (const match of section.text.matchAll(/\b(XEP-\d{4})\s*[:(]\s*([^)\n]{2,80}?)\s*(?:\)|\n|$)/g)) {
    const number = match[1] ?? '';
    const title = (match[2] ?? '').trim();
    const href = section.links.find((l) => l.text.includes(number) || l.href.toLowerCase().includes(number.toLowerCase()))?.href;
    out.push({ label: `${number} ${title}`, kind: 'spec', rank: 2, key: number.toLowerCase(), ...(href ? { href } : {}) });
  }
  return out;
}

function releases(section: Section): Omit<Candidate, 'order'>[] {
  const out: Omit<Candidate, 'order'>[] = [];
  const text = section.text;
  for (const match of text.matchAll(VERSION)) {
    const version = match[1] ?? '';
    const before = text.slice(0, match.index).split(/[.!?;:]\s|\n/).pop() ?? '';
    const name = productName(before);
    if (!name) continue;
    const parts = version.split('.').map(Number);
    // x.y and x.y.0 are feature releases; x.y.z patches rank below new specifications.
    const feature = parts.length === 2 || parts[parts.length - 1] === 0;
    const href = releaseLink(section.links, name, version);
    out.push({ label: `${name} ${version}`, kind: 'release', rank: feature ? 3 : 1, key: name.toLowerCase(), version: parts, ...(href ? { href } : {}) });
  }
  return out;
}

/** The product a version belongs to: the nearest capitalised words before it in the sentence. */
function productName(before: string): string | undefined {
  const tokens = before.trim().split(/\s+/).filter((t) => t !== '').map(clean);
  for (let i = tokens.length - 1, seen = 0; i >= 0 && seen < MAX_LOOKBACK; i--, seen++) {
    const token = tokens[i] ?? '';
    if (NOT_RELEASED.test(token)) return undefined;
    if (!/^\p{Lu}/u.test(token) || QUALIFIERS.has(token.toLowerCase())) continue;
    if (!isNamePart(token)) return undefined;
    // Multi-word names ("Monal IM", "Tigase XMPP Server"): up to two more capitalised words.
    const words = [token];
    for (let j = i - 1; j >= 0 && words.length < 3 && isNamePart(tokens[j] ?? ''); j--) words.unshift(tokens[j] ?? '');
    return words.join(' ');
  }
  return undefined;
}

function clean(token: string): string {
  return token.replace(/^[("'“‘[«]+|[)"'”’\],»]+$/gu, '').replace(/['’]s$/u, '');
}

function isNamePart(token: string): boolean {
  return /^\p{Lu}[\p{L}\p{N}+#.\-_]*$/u.test(token) && !NOT_A_NAME.has(token.toLowerCase()) && !/^(XEP|RFC)-?\d/i.test(token);
}

function releaseLink(links: readonly Link[], name: string, version: string): string | undefined {
  const lower = name.toLowerCase();
  return (
    links.find((l) => l.text.includes(version) && l.text.toLowerCase().includes(lower)) ??
    links.find((l) => l.text.includes(version) || l.href.includes(version)) ??
    links.find((l) => l.text.toLowerCase().includes(lower))
  )?.href;
}

function events(section: Section): Omit<Candidate, 'order'>[] {
  return section.links
    .filter((l) => NOTABLE_EVENT.test(l.text) && l.text.length <= 60)
    .slice(0, 3)
    .map((l) => ({ label: l.text.trim(), kind: 'event' as const, rank: 2, key: `event:${l.text.trim().toLowerCase()}`, href: l.href }));
}

function compareVersions(a: readonly number[] | undefined, b: readonly number[] | undefined): number {
  if (!a || !b) return 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
