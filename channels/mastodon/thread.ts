// The optional reply thread: each highlight with its link, packed into as few
// replies as fit the limit. A line too long on its own is shortened by the
// same composer, so its link stays whole.
import { compose } from '../announcement/compose.js';
import type { Highlight } from '../announcement/highlights.js';
import type { LengthCounter } from '../announcement/length.js';

const LINE_TEMPLATE = '{{title}} {{url}}';
const MAX_REPLIES = 3;

export function composeThread(highlights: readonly Highlight[], language: string, counter: LengthCounter, limit: number): string[] {
  const lines = highlights
    .filter((h): h is Highlight & { href: string } => h.href !== undefined)
    .map((h) => compose(LINE_TEMPLATE, { title: `– ${h.label}:`, url: h.href, summary: '', highlights: [], hashtags: [], language }, counter, limit))
    .filter((c) => c.fits)
    .map((c) => c.text);
  const replies: string[] = [];
  let current = '';
  for (const line of lines) {
    const joined = current === '' ? line : `${current}\n${line}`;
    if (counter.count(joined) <= limit) {
      current = joined;
    } else {
      replies.push(current);
      current = line;
    }
  }
  if (current !== '') replies.push(current);
  return replies.slice(0, MAX_REPLIES);
}
