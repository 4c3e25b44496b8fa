// One YAML reader for every file the tool reads (config, front matter, string
// tables): the `yaml` package with the core schema (dates stay strings) and a
// cap on alias expansion, so a "billion laughs" file is refused, not expanded.
import { parseDocument } from 'yaml';

export type YamlResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly line: number; readonly message: string };

/** Aliases expanded before a document counts as an alias bomb. */
export const MAX_ALIASES = 100;

/**
 * Parses one YAML document. `line` of a failure is 1-based within `text`.
 * `uniqueKeys: false` lets a later duplicate key win (front matter as editors
 * wrote it); elsewhere a duplicate key is an error.
 */
export function readYaml(text: string, options: { readonly uniqueKeys?: boolean } = {}): YamlResult {
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: options.uniqueKeys ?? true });
  const syntax = doc.errors[0];
  if (syntax) return { ok: false, line: syntax.linePos?.[0]?.line ?? 1, message: syntax.message.split('\n')[0] ?? 'invalid YAML' };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch {
    return { ok: false, line: 1, message: 'too many YAML aliases (*name) expanded: it looks like an alias bomb; write the values out' };
  }
}
