// Real parsers for the rendered feeds: fast-xml-parser for well-formedness and
// structure, rss-parser for what a feed reader actually extracts.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';

const ARRAYS = new Set(['entry', 'item', 'link', 'author', 'category', 'dc:creator', 'atom:link']);
const structure = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ARRAYS.has(name),
});

export type XmlNode = Record<string, unknown>;

/** Throws with the parser's message when the document is not well-formed XML. */
export function parseXml(text: string): XmlNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at line ${valid.err.line}`);
  return structure.parse(text) as XmlNode;
}

export function node(value: unknown, ...keys: Array<string | number>): unknown {
  let current: unknown = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export function nodes(value: unknown, ...keys: Array<string | number>): XmlNode[] {
  const found = node(value, ...keys);
  return Array.isArray(found) ? (found as XmlNode[]) : found === undefined ? [] : [found as XmlNode];
}

/** Element text whether or not the parser kept attributes alongside it. */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && '#text' in value) return String((value as XmlNode)['#text']);
  return '';
}

const reader = new Parser({ customFields: { item: ['id', 'updated', 'published'] } });

export type ReaderItem = Parser.Item & { id?: string; guid?: string; updated?: string; published?: string; 'content:encoded'?: string };

export async function readFeed(text: string): Promise<Parser.Output<ReaderItem>> {
  return (await reader.parseString(text)) as Parser.Output<ReaderItem>;
}
