// Where the bundled email templates live.
import path from 'node:path';
import { findPackageRoot } from '../../src/package-root.js';

export function packageRoot(): string {
  return findPackageRoot(import.meta.url);
}

export function defaultTemplateFolder(): string {
  return path.join(packageRoot(), 'templates', 'email');
}
