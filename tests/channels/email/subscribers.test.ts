// Subscriber lists as people actually keep them.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkAddress } from '../../../src/mail-address.js';
import { splitCsv } from '../../../src/csv-line.js';
import { emptyStats, recipients } from '../../../channels/email/subscribers.js';
import { tempDir } from './helpers.js';

async function collect(file: string, suppressed = new Set<string>()) {
  const stats = emptyStats();
  const problems: Array<[number, string]> = [];
  const out: string[] = [];
  for await (const r of recipients(file, suppressed, stats, (p, reason) => problems.push([p, reason]))) out.push(r.name ? `${r.name} <${r.address}>` : r.address);
  return { out, stats, problems };
}

describe('subscriber lists', () => {
  test('CSV with a header, quotes, BOM, comments, CRLF and a name column', async () => {
    const file = path.join(tempDir(), 'list.csv');
    writeFileSync(file, '\ufeffName;E-Mail\r\n# exported 2020-11-01\r\n"Lovelace, Ada";ada@example.org\r\n\r\nBob;  <bob@example.org> \r\n"He said ""hi""";hi@example.org\r\n');
    const { out, stats } = await collect(file);
    expect(out).toEqual(['Lovelace, Ada <ada@example.org>', 'Bob <bob@example.org>', 'He said "hi" <hi@example.org>']);
    expect(stats).toMatchObject({ read: 3, valid: 3 });
  });

  test('a bare address list without a header', async () => {
    const file = path.join(tempDir(), 'list.txt');
    writeFileSync(file, 'a@example.org\nmailto:b@example.org\n');
    expect((await collect(file)).out).toEqual(['a@example.org', 'b@example.org']);
  });

  test('a JSON array is read element by element, even across read chunks', async () => {
    const file = path.join(tempDir(), 'list.json');
    const entries = Array.from({ length: 5000 }, (_, i) => (i % 2 ? `u${i}@example.org` : { email: `u${i}@example.org`, name: `User [${i}], "quoted" {braces}` }));
    writeFileSync(file, JSON.stringify(entries, null, 1));
    const { out, stats } = await collect(file);
    expect(out).toHaveLength(5000);
    expect(out[0]).toBe('User [0], "quoted" {braces} <u0@example.org>');
    expect(out[4999]).toBe('u4999@example.org');
    expect(stats.valid).toBe(5000);
  });

  test('JSON Lines, with a broken line reported', async () => {
    const file = path.join(tempDir(), 'list.jsonl');
    writeFileSync(file, '{"email":"a@example.org"}\n{oops\n"b@example.org"\n');
    const { out, problems } = await collect(file);
    expect(out).toEqual(['a@example.org', 'b@example.org']);
    expect(problems).toEqual([[2, 'line is not valid JSON']]);
  });

  test('splitCsv keeps separators inside quotes', () => {
    expect(splitCsv('"a,b",c;d\te')).toEqual(['a,b', 'c', 'd', 'e']);
  });

  test('addresses: what is accepted, normalized, or refused with a reason', () => {
    expect(checkAddress(' Ada@Example.ORG ')).toEqual({ ok: true, address: 'Ada@example.org', key: 'ada@example.org' });
    expect(checkAddress('user@bücher.de')).toMatchObject({ ok: true, address: 'user@xn--bcher-kva.de' });
    for (const bad of ['', 'plain', '@example.org', 'a@', 'a@b', 'a b@example.org', 'a@example..org', 'ä@example.org', 'a@-example.org', `${'x'.repeat(65)}@example.org`, 'a@example.org\r\nBcc: x@y.org', '"quoted"@example.org', 'a@[127.0.0.1]']) {
      expect(checkAddress(bad).ok, bad).toBe(false);
    }
  });
});
