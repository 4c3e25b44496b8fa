// `title-markup`: HTML tags or character references in the front matter's
// title or summary. Those fields are plain text everywhere they go (Hugo
// escapes them on the site; email subjects, posts and feed titles carry them as
// text), so `<em>Q&amp;A</em>` reaches readers as those very characters; the
// W3C feed validator warns about the same thing (ContainsHTML).
import { decodeEntities } from '../../html-entities.js';
import type { Finding } from '../../model.js';
import type { LintRule } from '../rule.js';

// Elements an editor would reach for to style a title; `<iq/>` or `<presence>`
// (XMPP stanzas, common in this field's titles) are not among them.
const HTML_TAG = /<\/?(a|abbr|b|big|br|cite|code|del|div|em|font|h[1-6]|i|img|ins|kbd|mark|p|q|s|small|span|strike|strong|sub|sup|tt|u)(\s[^<>]*)?\/?>/i;
// A character reference that decodes: `&amp;`, `&#8217;`, `&nbsp;` (not the `&T` of AT&T).
const REFERENCE = /&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;

function markupIn(text: string): string | undefined {
  const tag = HTML_TAG.exec(text);
  if (tag) return tag[0];
  for (const match of text.matchAll(REFERENCE)) if (decodeEntities(match[0]) !== match[0]) return match[0];
  return undefined;
}

export const titleMarkupRule: LintRule = ({ source, issue, lines }) => {
  if (!issue) return [];
  const findings: Finding[] = [];
  for (const [key, value] of [['title', issue.title], ['summary', issue.summary]] as const) {
    const found = markupIn(value);
    if (!found) continue;
    // The summary may come from `summary:`, `description:` or the first paragraph: only a front-matter one is flagged.
    const line = lines.findIndex((l) => (key === 'title' ? /^title\s*:/i : /^(summary|description)\s*:/i).test(l));
    if (line < 0) continue;
    findings.push({
      rule: 'title-markup', severity: 'warning', file: source, line: line + 1,
      message: `the ${key} holds ${found}: it is plain text in the email subject, the posts and the feeds, so readers would see those characters as written`,
      fix: `write the ${key} as plain text (\`Q&A\`, not \`Q&amp;A\`; no HTML tags)`,
    });
  }
  return findings;
};
