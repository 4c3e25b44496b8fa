// The store's migrations and queries on the embedded engine, and the pages:
// language, overrides, escaping of hostile input.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/subscriptions/migrations.js';
import { Pages } from '../../src/subscriptions/pages.js';
import { toPostgresPlaceholders } from '../../src/subscriptions/postgres-engine.js';
import { checkConfirm, confirmLink } from '../../src/subscriptions/signed-links.js';
import { openSqlite } from '../../src/subscriptions/sqlite-engine.js';
import { SubscriptionStore } from '../../src/subscriptions/store.js';
import { tempDir } from './helpers.js';

describe('subscription store (embedded)', () => {
  it('migrates once, keeps data across reopenings, and lists confirmed, non-suppressed subscribers in pages', async () => {
    const file = path.join(tempDir('np-store-'), 'nested', 'subs.sqlite');
    const store = new SubscriptionStore(await openSqlite(file));
    expect(await store.migrate()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await store.migrate()).toEqual([]);
    // More than one page of 1,000, to exercise the keyset pagination.
    for (let i = 0; i < 1234; i++) await store.confirm(`r${String(i).padStart(5, '0')}@example.net`, `R${i}@example.net`, i % 2 ? 'de' : undefined);
    await store.addPending('pending@example.net', 'pending@example.net', 'en');
    await store.suppress('r00007@example.net', 'unsubscribe');
    await store.suppress('never-subscribed@example.net', 'bounce');
    await store.close();

    const again = new SubscriptionStore(await openSqlite(file));
    expect(await again.migrate()).toEqual([]);
    const all: string[] = [];
    for await (const s of again.deliverable()) all.push(s.address);
    expect(all).toHaveLength(1233);
    expect(new Set(all).size).toBe(1233);
    expect(all).not.toContain('R7@example.net');
    expect(all).not.toContain('pending@example.net');
    expect(await again.counts()).toEqual({ confirmed: 1233, pending: 1, suppressed: 2 });
    // An import keeps a suppression; a confirmation (fresh consent) lifts it.
    await again.confirm('r00007@example.net', 'R7@example.net', undefined, { keepSuppression: true });
    expect(await again.isSuppressed('r00007@example.net')).toBe(true);
    await again.confirm('r00007@example.net', 'R7@example.net', undefined);
    expect(await again.isSuppressed('r00007@example.net')).toBe(false);
    await again.close();
  }, 60_000);

  it('turns ? placeholders into $n for PostgreSQL', () => {
    expect(toPostgresPlaceholders('SELECT 1 WHERE a = ? AND b > ?')).toBe('SELECT 1 WHERE a = $1 AND b > $2');
  });
});

describe('confirmation links', () => {
  it('expire after 48 hours and bind address and language', () => {
    const link = confirmLink('secret-0123456789abcdef', 'a@example.net', 'en', 1_000);
    expect(checkConfirm('secret-0123456789abcdef', link, 2_000)).toBe('ok');
    expect(checkConfirm('secret-0123456789abcdef', link, 1_000 + 48 * 3600 * 1000 + 1)).toBe('expired');
    expect(checkConfirm('secret-0123456789abcdef', { ...link, email: 'b@example.net' }, 2_000)).toBe('invalid');
    expect(checkConfirm('secret-0123456789abcdef', { ...link, language: 'de' }, 2_000)).toBe('invalid');
    expect(checkConfirm('another-secret-0123456789', link, 2_000)).toBe('invalid');
  });
});

describe('pages', () => {
  it('speak the newsletter language and escape what the request brought', () => {
    const de = new Pages('de', 'Der <Newsletter>');
    const page = de.buttonForm('unsubscribeTitle', 'unsubscribeIntro', 'unsubscribeButton', '/unsubscribe?x="1"', { token: '"><script>' }, { email: '<img src=x onerror=alert(1)>@x' });
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('<button type="submit">Abmelden</button>');
    expect(page).toContain('Der &lt;Newsletter&gt;');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script>');
    expect(new Pages('pt-BR', 'Site').subscribeForm('/subscribe')).toContain('<label for="email">Email address</label>');
  });

  it('take a layout and strings from the team\'s folder', () => {
    const folder = path.join(tempDir('np-pages-'), 'pages');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'layout.html'), '<!doctype html><html lang="{{lang}}"><title>{{title}}</title><body class="ours">{{content}}</body></html>');
    writeFileSync(path.join(folder, 'strings.en.json'), JSON.stringify({ unsubscribeButton: 'Stop the newsletter' }));
    const html = new Pages('en', 'Site', folder).buttonForm('unsubscribeTitle', 'unsubscribeIntro', 'unsubscribeButton', '/unsubscribe', {}, { email: 'a@example.net' });
    expect(html).toContain('class="ours"');
    expect(html).toContain('Stop the newsletter');
  });
});
