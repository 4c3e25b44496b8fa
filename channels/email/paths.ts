// Where the bundled templates live, found from this module's own location so
// it works both from dist/channels/email/ and from the TypeScript sources.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json with templates/ above ${start}`);
    dir = parent;
  }
}

export function defaultTemplateFolder(): string {
  return path.join(packageRoot(), 'templates', 'email');
}
