// Templates ship at the repository root, but this module runs both from the
// TypeScript sources (vitest) and from dist/channels/…: walking up to the
// folder holding package.json finds the root from either place.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function findPackageRoot(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
}

/** The bundled `templates/announcement/` folder. */
export function defaultTemplateDir(): string {
  return path.join(findPackageRoot(import.meta.url), 'templates', 'announcement');
}
