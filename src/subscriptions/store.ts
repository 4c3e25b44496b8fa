// The subscription store: one interface, two engines (embedded SQLite, and
// PostgreSQL when DATABASE_URL is set). Every query is written once here, in
// the SQL both engines accept, with `?` placeholders; an engine only runs them.
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';

export type Row = Readonly<Record<string, unknown>>;

/** What an engine provides: statements with `?` placeholders, run in order. */
export interface SqlEngine {
  readonly kind: 'sqlite' | 'postgres';
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs `work` in one transaction (migrations). */
  transaction(work: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export type SqlValue = string | number | null;

export interface Subscriber {
  readonly address: string;
  readonly language?: string;
}

export type SuppressionReason = 'unsubscribe' | 'bounce' | 'import';

export interface StoreCounts {
  readonly confirmed: number;
  readonly pending: number;
  readonly suppressed: number;
}

const PAGE = 1000;

export class SubscriptionStore {
  constructor(readonly engine: SqlEngine, private readonly now: () => Date = () => new Date()) {}

  get kind(): 'sqlite' | 'postgres' {
    return this.engine.kind;
  }

  /** Applies every migration newer than the database; returns the versions applied. */
  async migrate(): Promise<number[]> {
    await this.engine.run(MIGRATIONS_TABLE);
    const rows = await this.engine.all('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await this.engine.transaction(async () => {
        for (const statement of migration.statements) await this.engine.run(statement);
        await this.engine.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, this.stamp()]);
      });
      applied.push(migration.version);
    }
    return applied;
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  /**
   * Adds a confirmed subscriber (after the confirmation POST, or an import).
   * A confirmation is fresh consent, so it lifts an earlier suppression;
   * an import does not (`keepSuppression`).
   */
  async confirm(key: string, address: string, language: string | undefined, options: { keepSuppression?: boolean } = {}): Promise<void> {
    const at = this.stamp();
    await this.engine.run(
      `INSERT INTO subscribers (key, address, language, created_at, confirmed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET address = excluded.address, language = COALESCE(excluded.language, subscribers.language),
       confirmed_at = COALESCE(subscribers.confirmed_at, excluded.confirmed_at)`,
      [key, address, language ?? null, at, at],
    );
    if (!options.keepSuppression) await this.engine.run('DELETE FROM suppressions WHERE key = ?', [key]);
  }

  /** Records an address that asked to subscribe and has not confirmed yet. */
  async addPending(key: string, address: string, language: string | undefined): Promise<void> {
    await this.engine.run(
      'INSERT INTO subscribers (key, address, language, created_at, confirmed_at) VALUES (?, ?, ?, ?, NULL) ON CONFLICT (key) DO NOTHING',
      [key, address, language ?? null, this.stamp()],
    );
  }

  /** Suppresses an address (known or not); the first reason is kept. */
  async suppress(key: string, reason: SuppressionReason): Promise<void> {
    await this.engine.run('INSERT INTO suppressions (key, reason, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING', [key, reason, this.stamp()]);
  }

  async isSuppressed(key: string): Promise<boolean> {
    return (await this.engine.all('SELECT 1 AS x FROM suppressions WHERE key = ?', [key])).length > 0;
  }

  async isConfirmed(key: string): Promise<boolean> {
    return (await this.engine.all('SELECT 1 AS x FROM subscribers WHERE key = ? AND confirmed_at IS NOT NULL', [key])).length > 0;
  }

  /**
   * Confirmed, non-suppressed subscribers in key order, read a page at a time
   * (keyset pagination): memory stays flat and both engines stream the same way.
   */
  async *deliverable(): AsyncGenerator<Subscriber> {
    let after = '';
    for (;;) {
      const rows = await this.engine.all(
        `SELECT s.key, s.address, s.language FROM subscribers s
         WHERE s.confirmed_at IS NOT NULL AND s.key > ?
         AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.key = s.key)
         ORDER BY s.key LIMIT ${PAGE}`,
        [after],
      );
      for (const row of rows) yield { address: String(row.address), language: row.language === null ? undefined : String(row.language) };
      if (rows.length < PAGE) return;
      after = String(rows[rows.length - 1].key);
    }
  }

  async counts(): Promise<StoreCounts> {
    const [row] = await this.engine.all(
      `SELECT
        (SELECT COUNT(*) FROM subscribers s WHERE s.confirmed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.key = s.key)) AS confirmed,
        (SELECT COUNT(*) FROM subscribers WHERE confirmed_at IS NULL) AS pending,
        (SELECT COUNT(*) FROM suppressions) AS suppressed`,
    );
    return { confirmed: Number(row.confirmed), pending: Number(row.pending), suppressed: Number(row.suppressed) };
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
