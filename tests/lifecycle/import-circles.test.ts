// Issue 15: no import circle anywhere in src/ or channels/ (type-only and
// dynamic imports count too: a circle of types still ties modules together).
// dpdm reads the real import graph; a small circle written here proves the check can fail.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../core/helpers.js';

async function circles(cwd: string, patterns: readonly string[]): Promise<{ files: number; circles: string[][] }> {
  const tree = await parseDependencyTree([...patterns], { cwd, context: cwd, transform: false, skipDynamicImports: false, tsconfig: undefined });
  return { files: Object.keys(tree).length, circles: parseCircular(tree) };
}

describe('import graph', () => {
  it('the check finds a circle when there is one (type-only imports included)', async () => {
    const dir = tempDir('np-circle-');
    mkdirSync(path.join(dir, 'src'));
    // The same module settings as the repository: `./b.js` names src/b.ts.
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }));
    writeFileSync(path.join(dir, 'src/a.ts'), "import { b } from './b.js';\nexport const a = (): number => b + 1;\n");
    writeFileSync(path.join(dir, 'src/b.ts'), "import type { a } from './a.js';\nexport const b = 1;\nexport type A = typeof a;\n");
    const found = await circles(dir, ['src/**/*.ts']);
    expect(found.circles.map((c) => [...c].sort())).toEqual([['src/a.ts', 'src/b.ts']]);
  });

  it('src/ and channels/ have no import circle', async () => {
    const found = await circles(repoRoot, ['src/**/*.ts', 'channels/**/*.ts']);
    expect(found.files).toBeGreaterThan(150);
    expect(found.circles.map((c) => c.join(' -> '))).toEqual([]);
  }, 60_000);
});
