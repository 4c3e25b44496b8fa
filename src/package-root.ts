// The installed package's root (package.json + templates/), found from a
// module's own location. Code runs from the TypeScript sources (vitest), from
// dist/ (tsc) and from the bundled CLI in dist/cli/: walking up works for all.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const roots = new Map<string, string>();

export function findPackageRoot(moduleUrl: string = import.meta.url): string {
  const start = path.dirname(fileURLToPath(moduleUrl));
  const known = roots.get(start);
  if (known) return known;
  for (let dir = start; ; ) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) {
      roots.set(start, dir);
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json with templates/ above ${start}`);
    dir = parent;
  }
}
