// A reader's language: read from the list (CSV column, JSON key), then used to
// pick their message of a translation set; hostile values mean "no language".
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inAudience, messageFor } from '../../../channels/email/reader-language.js';
import { emptyStats, recipients } from '../../../channels/email/subscribers.js';
import { tempDir } from './helpers.js';

async function languages(name: string, content: string): Promise<Array<[string, string | undefined]>> {
  const file = path.join(tempDir(), name);
  writeFileSync(file, content);
  const out: Array<[string, string | undefined]> = [];
  for await (const r of recipients(file, new Set(), emptyStats(), () => undefined)) out.push([r.address, r.language]);
  return out;
}

describe('reader language', () => {
  it('CSV: a language column in any position, any case; empty or malformed values are no language', async () => {
    expect(await languages('list.csv', 'Name;Language;E-Mail\nAnna;de;anna@example.org\nBo;;bo@example.org\nCy;PT_br;cy@example.org\nDi;<script>;di@example.org\nEd;de-AT;ed@example.org\n')).toEqual([
      ['anna@example.org', 'de'], ['bo@example.org', undefined], ['cy@example.org', 'pt-br'], ['di@example.org', undefined], ['ed@example.org', 'de-at'],
    ]);
  });

  it('JSON and JSON Lines: a language or lang key; a list without any keeps working', async () => {
    expect(await languages('list.json', JSON.stringify([{ email: 'a@example.org', language: 'fr' }, { email: 'b@example.org', lang: 'it' }, 'c@example.org', { email: 'd@example.org', language: 42 }]))).toEqual([
      ['a@example.org', 'fr'], ['b@example.org', 'it'], ['c@example.org', undefined], ['d@example.org', undefined],
    ]);
    expect(await languages('list.csv', 'email\na@example.org\n')).toEqual([['a@example.org', undefined]]);
  });

  it('picks the reader\'s language, its primary subtag, else the original', () => {
    const byLanguage = new Map([['de', 'DE'], ['pt-br', 'PT-BR'], ['fr', 'FR']]);
    expect(messageFor('de', 'EN', byLanguage)).toBe('DE');
    expect(messageFor('de-at', 'EN', byLanguage)).toBe('DE');
    expect(messageFor('pt', 'EN', byLanguage)).toBe('PT-BR');
    expect(messageFor('es', 'EN', byLanguage)).toBe('EN');
    expect(messageFor(undefined, 'EN', byLanguage)).toBe('EN');
  });

  it('a late translation\'s audience is its own readers only; no audience means everyone', () => {
    expect(inAudience('it', ['it'])).toBe(true);
    expect(inAudience('de', ['it'])).toBe(false);
    expect(inAudience(undefined, ['it'])).toBe(false);
    expect(inAudience('de', [])).toBe(false);
    expect(inAudience(undefined, undefined)).toBe(true);
  });
});
