// The review page and the out/ writer draw cards by kind: no built-in
// channel's name may appear in their code as a string (comments aside), so a
// new channel never needs an edit there.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { channelNames } from '../../channels/index.js';
import { repoRoot } from './helpers.js';

const FILES = [
  ...readdirSync(path.join(repoRoot, 'src/preview')).filter((f) => f.endsWith('.ts')).map((f) => `src/preview/${f}`),
  'src/output.ts', 'src/manifest.ts', 'src/card.ts',
];

/** The text of every string and template literal of a file (comments are not nodes, so never seen). */
function literals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(repoRoot, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A name as a word of its own: `twitter` in `.post.twitter`, not `feed` in `feed-entry` (a card kind). */
function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^a-z0-9-])${name.replace(/-/g, '\\-')}($|[^a-z0-9-])`).test(text);
}

describe('channel names in the review page code', () => {
  it('the check sees a name in a string, a template and CSS, and not in a comment or a card kind', () => {
    expect(mentions('.post.twitter .avatar', 'twitter')).toBe(true);
    expect(mentions("channel === 'email'", 'email')).toBe(true);
    expect(mentions('xmpp-muc', 'xmpp-muc')).toBe(true);
    expect(mentions('feed-entry', 'feed')).toBe(false);
    expect(mentions('data-feed-content', 'feed')).toBe(false);
    const sample = ts.createSourceFile('x.ts', "// mastodon\nconst a = `x ${b} twitter`; const c = 'feed';", ts.ScriptTarget.Latest, true);
    const texts: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isTemplateTail(node)) texts.push(node.text);
      ts.forEachChild(node, visit);
    };
    visit(sample);
    expect(texts).toEqual([' twitter', 'feed']);
  });

  it.each(FILES)('%s names no channel', (file) => {
    const hits = literals(file).flatMap((text) => channelNames.filter((name) => mentions(text, name)).map((name) => `${name} in ${JSON.stringify(text.slice(0, 80))}`));
    expect(hits).toEqual([]);
  });
});
