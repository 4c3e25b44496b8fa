// Which store: PostgreSQL when DATABASE_URL is set, else the embedded file.
import type { Env } from '../channel.js';
import type { SubscriptionsConfig } from '../config.js';
import { PublishError } from '../errors.js';
import { openPostgres } from './postgres-engine.js';
import { openSqlite } from './sqlite-engine.js';
import { SubscriptionStore } from './store.js';

export async function openStore(subscriptions: SubscriptionsConfig, env: Env): Promise<SubscriptionStore> {
  const url = env.DATABASE_URL?.trim();
  let store: SubscriptionStore;
  try {
    store = new SubscriptionStore(url ? await openPostgres(url) : await openSqlite(subscriptions.store));
  } catch (error) {
    const e = error as { code?: string; message?: string };
    // Never echo DATABASE_URL: it holds the database password.
    throw new PublishError('NP900', url ? 'the PostgreSQL store (DATABASE_URL) cannot be reached' : `the subscription store ${subscriptions.store} cannot be opened`, [
      `${e.code ?? 'error'}: ${(e.message ?? 'unknown').replace(/postgres(ql)?:\/\/\S+/g, 'postgres://…')}`,
    ], { cause: error });
  }
  await store.migrate();
  return store;
}
