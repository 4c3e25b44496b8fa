import path from 'node:path';
import { findPackageRoot } from '../../src/package-root.js';

export { findPackageRoot };

/** The bundled `templates/announcement/` folder. */
export function defaultTemplateDir(): string {
  return path.join(findPackageRoot(import.meta.url), 'templates', 'announcement');
}
