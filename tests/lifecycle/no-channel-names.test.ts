// Issue 15: the core never names a channel. Every string literal in src/ (the
// review page's files aside, which part B owns) is checked against the names the
// registry holds today, so a channel added later is covered without editing this test.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { channelNames } from '../../channels/index.js';
import { repoRoot } from '../core/helpers.js';

const src = path.join(repoRoot, 'src');
/** Part B's area (issue 15, review cards): it is checked there. */
const OUTSIDE = [path.join(src, 'preview') + path.sep, path.join(src, 'output.ts')];

/**
 * The same word meaning something else than a channel, each with why it stays.
 * Every entry must still match (a stale one fails too), so the list cannot grow quietly.
 */
const NOT_A_CHANNEL = [
  // The address parameter of the List-Unsubscribe URLs in messages already sent: renaming it would break them.
  { file: 'src/subscriptions/server.ts', literal: 'email' },
  // A column header of subscriber lists (`email,name`).
  { file: 'src/subscriptions/roster.ts', literal: 'email' },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `file:line: 'literal'` for every string literal whose whole text is a channel name. */
function channelNameLiterals(file: string, text: string, names: readonly string[]): string[] {
  const found: string[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && names.includes(node.text)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path.relative(repoRoot, file)}:${line + 1}: '${node.text}'`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no channel name in src/', () => {
  it('the registry lists the built-in channels the rule protects', () => {
    // Without names the scan below would pass vacuously.
    expect(channelNames.length).toBeGreaterThanOrEqual(7);
  });

  it('the scan finds a channel name in code and ignores it in comments and prose', () => {
    const name = channelNames[0];
    const hits = channelNameLiterals('probe.ts', `// '${name}' in a comment\nconst a = c.name === '${name}';\nconst b = "the ${name} channel";\nconst t = \`${name}\`;\n`, channelNames);
    expect(hits).toEqual([`probe.ts:2: '${name}'`, `probe.ts:4: '${name}'`]);
  });

  it('src/ holds none as a string literal', () => {
    const files = sourceFiles(src).filter((file) => !OUTSIDE.some((outside) => file === outside || file.startsWith(outside)));
    expect(files.length).toBeGreaterThan(50);
    const hits = files.flatMap((file) => channelNameLiterals(file, readFileSync(file, 'utf8'), channelNames));
    const excused = (hit: string) => NOT_A_CHANNEL.some((n) => hit.startsWith(`${n.file}:`) && hit.endsWith(`: '${n.literal}'`));
    expect(hits.filter((hit) => !excused(hit))).toEqual([]);
    // One hit per excuse: a second use of the word in the same file needs its own reason.
    expect(NOT_A_CHANNEL.map((n) => hits.filter((hit) => hit.startsWith(`${n.file}:`) && hit.endsWith(`: '${n.literal}'`)).length)).toEqual(NOT_A_CHANNEL.map(() => 1));
  });
});
