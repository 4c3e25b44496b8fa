// Moving subscribers in and out: CSV with a header (email, optional language
// and name columns), or a plain roster such as `mailman members LIST` prints
// ("Name <a@b.org>" or a bare address per line).
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { checkAddress } from '../mail-address.js';
import { splitCsv } from '../csv-line.js';
import type { SubscriptionStore } from './store.js';

export interface ImportResult {
  readonly imported: number;
  readonly invalid: number;
  readonly problems: readonly string[];
}

function addressOf(field: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(field);
  return angle ? angle[1] : field;
}

/**
 * Imported addresses count as confirmed (they were on the list before), but
 * an address already suppressed here stays suppressed: importing an old
 * roster must never undo an unsubscribe.
 */
export async function importRoster(store: SubscriptionStore, file: string): Promise<ImportResult> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let emailColumn = 0;
  let languageColumn = -1;
  let first = true;
  let line = 0;
  let imported = 0;
  let invalid = 0;
  const problems: string[] = [];
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    // A roster line "Name <addr>" may hold a comma in the name: only CSV with a header is split.
    const fields = first || emailColumn !== 0 || languageColumn !== -1 || !text.includes('<') ? splitCsv(text) : [text];
    if (first) {
      first = false;
      const header = fields.map((f) => f.toLowerCase().replace(/[\s_-]+/g, ''));
      const email = header.findIndex((f) => f === 'email' || f === 'emailaddress' || f === 'address');
      if (email !== -1) {
        emailColumn = email;
        languageColumn = header.findIndex((f) => f === 'language' || f === 'lang');
        continue;
      }
    }
    const check = checkAddress(addressOf(fields[emailColumn] ?? (text.includes('<') ? text : '')));
    if (!check.ok) {
      invalid++;
      if (problems.length < 20) problems.push(`line ${line}: ${check.reason}`);
      continue;
    }
    const language = languageColumn >= 0 ? fields[languageColumn] || undefined : undefined;
    await store.confirm(check.key, check.address, language, { keepSuppression: true });
    imported++;
  }
  return { imported, invalid, problems };
}

/** The deliverable list (confirmed, not suppressed) as CSV; returns the count. */
export async function exportRoster(store: SubscriptionStore, file: string): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8', mode: 0o600 });
  out.write('email,language\n');
  let count = 0;
  for await (const subscriber of store.deliverable()) {
    count++;
    if (!out.write(`${subscriber.address},${subscriber.language ?? ''}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return count;
}
