/**
 * Body lines as prose: code fences and HTML comments are skipped, since
 * placeholders and URLs inside them are not shown to readers.
 */
export function* bodyLines(lines: readonly string[], bodyLine: number): Generator<{ text: string; line: number }> {
  let inFence = false;
  let inComment = false;
  for (let i = bodyLine - 1; i < lines.length; i++) {
    let text = lines[i];
    if (/^\s*(```|~~~)/.test(text)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (inComment) {
      const end = text.indexOf('-->');
      if (end < 0) continue;
      inComment = false;
      text = text.slice(end + 3);
    }
    text = text.replace(/<!--.*?-->/g, '').replace(/`[^`]*`/g, '');
    const open = text.indexOf('<!--');
    if (open >= 0) {
      inComment = true;
      text = text.slice(0, open);
    }
    yield { text, line: i + 1 };
  }
}
