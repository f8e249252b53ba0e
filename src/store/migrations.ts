/**
 * Versioned schema migrations. Append new ones; never edit an applied one. Each runs in the
 * same transaction as the bump of `user_version`, so a crash leaves the schema at one version.
 */
export const migrations: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE kv (
        ns TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        expires_at INTEGER,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (ns, key)
      ) WITHOUT ROWID;
      CREATE TABLE stream (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        at INTEGER NOT NULL,
        value TEXT NOT NULL
      );
      CREATE INDEX stream_by_name ON stream (name, seq);
    `,
  },
];
