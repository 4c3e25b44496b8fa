// The embedded engine: node:sqlite (built into Node ≥ 22.13, no flag on 24),
// one file, no server. WAL lets `publish serve` write while an export reads.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Row, SqlEngine, SqlValue } from './store.js';

export async function openSqlite(file: string): Promise<SqlEngine> {
  // Loaded on demand: commands that never touch the store do not pay for it.
  const { DatabaseSync: Database } = await import('node:sqlite');
  mkdirSync(path.dirname(file), { recursive: true });
  const db: DatabaseSync = new Database(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
  return {
    kind: 'sqlite',
    async run(sql: string, params: readonly SqlValue[] = []) {
      return Number(db.prepare(sql).run(...params).changes);
    },
    async all(sql: string, params: readonly SqlValue[] = []) {
      return db.prepare(sql).all(...params) as Row[];
    },
    async transaction(work: () => Promise<void>) {
      db.exec('BEGIN IMMEDIATE');
      try {
        await work();
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async close() {
      db.close();
    },
  };
}
