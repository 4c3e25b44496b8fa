// XML text back to an element (the payload holds the entry as text, so it can
// be hashed and shown; publish turns it back into a stanza child).
import parse from '@xmpp/xml/lib/parse.js';
import type { Element } from '@xmpp/client';

export function parseXml(text: string): Element {
  return parse(text);
}
