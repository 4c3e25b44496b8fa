// Versioned migrations shared by both stores. The SQL is the common subset of
// SQLite and PostgreSQL (TEXT columns, ON CONFLICT upserts), so one list
// serves both and a store can move from one engine to the other by export
// and import. A migration is never edited once released: add the next one.

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscribers and suppressions',
    statements: [
      // key: the lower-cased address (the channel's dedupe key); address: as given.
      `CREATE TABLE subscribers (
        key TEXT PRIMARY KEY,
        address TEXT NOT NULL,
        language TEXT,
        created_at TEXT NOT NULL,
        confirmed_at TEXT
      )`,
      // Kept apart from subscribers: an address suppressed before it was ever
      // imported (a bounce, an unsubscribe from an old list) stays suppressed.
      `CREATE TABLE suppressions (
        key TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
    ],
  },
];

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;
