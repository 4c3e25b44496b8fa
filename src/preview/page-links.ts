// Where the page's links point: in-page anchors and relative artifact paths
// for the static out/index.html, server routes for `publish preview`.
import { anchorId } from './escape.js';

export interface PageLinks {
  /** The review of one issue. */
  issue(key: string): string;
  /** A raw artifact, by its manifest path. */
  artifact(rel: string): string;
  /** The index of all issues. */
  readonly index: string;
}

function encodePath(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

export const staticLinks: PageLinks = {
  issue: (key) => `#${issueAnchor(key)}`,
  artifact: (rel) => encodePath(rel),
  index: '#issues',
};

export const serverLinks: PageLinks = {
  issue: (key) => `/issues/${encodeURIComponent(key)}/`,
  artifact: (rel) => `/out/${encodePath(rel)}`,
  index: '/',
};

export function issueAnchor(key: string): string {
  return anchorId('issue', key);
}

export function sourceLineAnchor(key: string, line: number): string {
  return anchorId('src', key, `l${line}`);
}
