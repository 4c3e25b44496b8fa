// What a preview watches: the content folder, template folders, the config,
// the ledger and a named issue file. Editors save by renaming a temp file,
// so single files are watched through their folder, filtered by name.
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface WatchSet {
  /** Watched with everything below them. */
  readonly folders: readonly string[];
  /** Watched by name in their parent folder. */
  readonly files: readonly string[];
}

export function sameWatchSet(a: WatchSet, b: WatchSet): boolean {
  const key = (w: WatchSet): string => JSON.stringify([[...w.folders].sort(), [...w.files].sort()]);
  return key(a) === key(b);
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Starts watching; the returned function stops every watcher. */
export function watchPaths(set: WatchSet, onChange: (file: string) => void): () => void {
  const watchers: FSWatcher[] = [];
  const add = (target: string, recursive: boolean, filter?: string): void => {
    if (!existsSync(target)) return;
    try {
      const watcher = watch(target, { recursive, persistent: true }, (_event, name) => {
        const changed = name ? path.join(target, name.toString()) : target;
        if (filter && path.basename(changed) !== filter) return;
        onChange(changed);
      });
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // A folder that vanished between the check and the watch: the next build re-plans.
    }
  };
  const folders = [...new Set(set.folders.filter(isFolder))];
  for (const folder of folders) add(folder, true);
  const byParent = new Map<string, Set<string>>();
  for (const file of set.files) {
    if (folders.some((f) => file.startsWith(f + path.sep))) continue;
    const parent = path.dirname(file);
    if (!byParent.has(parent)) byParent.set(parent, new Set());
    byParent.get(parent)?.add(path.basename(file));
  }
  for (const [parent, names] of byParent) {
    for (const name of names) add(parent, false, name);
  }
  return () => {
    for (const w of watchers) w.close();
  };
}
