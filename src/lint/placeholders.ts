// What editors use as a slot, compiled from `lint.placeholders`: a word
// (`TODO`), a word with `*` for any capitals (`*_HERE`), or a bracketed slot
// with `…` for any text (`[INSERT …]`). Language tags (`[DE]`, `[PT_BR]`) and
// bracketed abbreviations (`[XFS]`) are not slots unless a project lists them.

export const DEFAULT_PLACEHOLDERS: readonly string[] = ['[CONTRIBUTORS]', 'TBA', 'TBD', 'TODO', 'FIXME', 'TK', 'XXX', '*_HERE', '[INSERT …]'];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(slot: string): string {
  const bracketed = slot.startsWith('[') && slot.endsWith(']') && slot.length > 2;
  const inner = bracketed ? slot.slice(1, -1) : slot;
  const body = inner.split(/(\*|…|\.\.\.)/).map((part) =>
    part === '*' ? '[A-Z0-9_]*' : part === '…' || part === '...' ? '[^\\]\\n]*' : escape(part),
  ).join('');
  // A bracketed slot followed by `(` or `[` is link text, not a slot.
  return bracketed ? `\\[${body}\\](?![(\\[])` : `(?<![\\w-])${body}(?![\\w-])`;
}

const cache = new Map<string, RegExp>();

/** One global regex for a list of slots. */
export function placeholderPattern(slots: readonly string[] = DEFAULT_PLACEHOLDERS): RegExp {
  const key = slots.join('\n');
  let pattern = cache.get(key);
  if (!pattern) {
    pattern = new RegExp(slots.map(compile).join('|'), 'g');
    cache.set(key, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

/** True when a whole value (a link target, say) is a slot: it is reported once, as a placeholder. */
export function isPlaceholder(value: string, slots?: readonly string[]): boolean {
  const pattern = placeholderPattern(slots);
  for (const match of value.matchAll(pattern)) if (match[0].length > 0) return true;
  return false;
}
