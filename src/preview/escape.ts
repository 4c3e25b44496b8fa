// Everything from an issue reaches the review page through these two
// functions (or as a sandboxed iframe's srcdoc, itself escaped here), so no
// issue text can ever become markup or script in the page itself.

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  // Chained literal replaces beat one callback replace several times over on 50 KB emails.
  if (!/[&<>"']/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Only http(s) and mailto links become clickable; anything else is shown as text. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A link that opens outside the page and cannot reach back into it. */
export function externalLink(url: string, label: string = url): string {
  const href = safeHref(url);
  if (!href) return escapeHtml(label);
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

/** Turns the URLs in plain text into links, escaping everything else. */
export function linkifyText(text: string): string {
  const out: string[] = [];
  let at = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g)) {
    const start = match.index ?? 0;
    out.push(escapeHtml(text.slice(at, start)), externalLink(match[0]));
    at = start + match[0].length;
  }
  out.push(escapeHtml(text.slice(at)));
  return out.join('');
}

/** Anchor ids built from keys and line numbers: only [a-z0-9-]. */
export function anchorId(...parts: ReadonlyArray<string | number>): string {
  return parts.map((p) => String(p).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')).join('-');
}
