// PostgreSQL through `pg`: the same statements as SQLite, with `?` turned
// into `$1…$n` (no statement here has a `?` inside a string literal).
import type { Row, SqlEngine, SqlValue } from './store.js';

export function toPostgresPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export async function openPostgres(url: string): Promise<SqlEngine> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // Fail now, with a clear message, rather than at the first request.
  const probe = await pool.connect();
  probe.release();
  let client: import('pg').PoolClient | undefined;
  const query = async (sql: string, params: readonly SqlValue[]) =>
    (client ?? pool).query(toPostgresPlaceholders(sql), [...params]);
  return {
    kind: 'postgres',
    async run(sql, params = []) {
      return (await query(sql, params)).rowCount ?? 0;
    },
    async all(sql, params = []) {
      return (await query(sql, params)).rows as Row[];
    },
    async transaction(work) {
      const own = await pool.connect();
      client = own;
      try {
        await own.query('BEGIN');
        // Two `publish serve` processes starting at once migrate one at a time.
        await own.query('SELECT pg_advisory_xact_lock(726172)');
        await work();
        await own.query('COMMIT');
      } catch (error) {
        await own.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client = undefined;
        own.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
