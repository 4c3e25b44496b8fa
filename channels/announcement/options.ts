// Option checks shared by the social channels. Each pushes a readable problem
// instead of throwing, so parseOptions can list every problem at once.
import path from 'node:path';
import type { Config } from '../../src/config.js';
import { unknownOption } from '../../src/did-you-mean.js';

export type Problems = string[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys of every channel entry, checked by the config schema and used by the core (src/translations). */
const GENERIC_KEYS = ['languages'];

export function unknownKeys(raw: Record<string, unknown>, known: readonly string[], prefix: string, problems: Problems): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key) && !GENERIC_KEYS.includes(key)) problems.push(unknownOption(prefix, key, known));
  }
}

/** Hashtags as written with or without `#`; returned with it. */
export function parseHashtags(value: unknown, prefix: string, problems: Problems): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${prefix}.hashtags: must be a list of words, e.g. [XMPP, Jabber]`);
    return [];
  }
  const tags: string[] = [];
  value.forEach((item: unknown, i) => {
    const word = typeof item === 'string' ? item.trim().replace(/^#/, '').normalize('NFC') : undefined;
    // Both platforms link a hashtag only up to the first character outside letters, digits and _,
    // and a tag of digits alone is not a hashtag at all.
    if (word === undefined || !/^[\p{L}\p{M}\p{N}_]+$/u.test(word) || /^\d+$/.test(word)) {
      problems.push(`${prefix}.hashtags[${i}]: "${String(item)}" is not a hashtag (letters, digits and _ only, at least one letter)`);
    } else if (!tags.includes(`#${word}`)) {
      tags.push(`#${word}`);
    }
  });
  return tags;
}

/** An optional template folder, resolved against the config file's folder. */
export function parseTemplateDir(value: unknown, config: Config, prefix: string, problems: Problems): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${prefix}.template: must be a folder path, e.g. templates/announcement`);
    return undefined;
  }
  return path.resolve(config.root, value);
}

export function parseBoolean(value: unknown, name: string, prefix: string, problems: Problems): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') problems.push(`${prefix}.${name}: must be true or false`);
  return typeof value === 'boolean' ? value : undefined;
}

export function parseInteger(value: unknown, name: string, prefix: string, min: number, max: number, problems: Problems): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${prefix}.${name}: must be a whole number from ${min} to ${max}`);
    return undefined;
  }
  return value;
}
