import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../events/clock';
import { systemClock } from '../events/clock';
import { migrations } from './migrations';
import type { PutOptions, ReadOptions, Store, StreamEntry } from './store';

export interface SqliteStoreOptions {
  /** File path, or ':memory:'. */
  file: string;
  clock?: Clock;
}

interface KvRow {
  value: string;
  expires_at: number | null;
}

/**
 * The embedded store. WAL journal: a committed transaction survives a kill -9 of the process,
 * and a torn write is rolled back on the next open, so the file is never left corrupt.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly clock: Clock;

  constructor(options: SqliteStoreOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.clock = options.clock ?? systemClock;
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  /** The schema version this file is at (for tests and `/health`). */
  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion;
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db.pragma(`user_version = ${migration.version}`);
      })();
    }
  }

  private live(row: KvRow | undefined): row is KvRow {
    return row !== undefined && (row.expires_at === null || row.expires_at > this.clock.now());
  }

  private readKv<T>(ns: string, key: string): T | undefined {
    const row = this.db.prepare('SELECT value, expires_at FROM kv WHERE ns = ? AND key = ?').get(ns, key) as KvRow | undefined;
    return this.live(row) ? (JSON.parse(row.value) as T) : undefined;
  }

  private writeKv(ns: string, key: string, value: unknown, options?: PutOptions): void {
    const now = this.clock.now();
    const expires = options?.ttlMs !== undefined ? now + options.ttlMs : null;
    this.db
      .prepare('INSERT INTO kv (ns, key, value, expires_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at')
      .run(ns, key, JSON.stringify(value), expires, now);
  }

  async get<T>(ns: string, key: string): Promise<T | undefined> {
    return this.readKv<T>(ns, key);
  }

  async put<T>(ns: string, key: string, value: T, options?: PutOptions): Promise<void> {
    this.writeKv(ns, key, value, options);
  }

  async putIfAbsent<T>(ns: string, key: string, value: T, options?: PutOptions): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.readKv(ns, key) !== undefined) return false;
      this.writeKv(ns, key, value, options);
      return true;
    }).immediate();
  }

  async update<T>(ns: string, key: string, change: (current: T | undefined) => T | undefined, options?: PutOptions): Promise<T | undefined> {
    return this.db.transaction(() => {
      const next = change(this.readKv<T>(ns, key));
      if (next === undefined) this.db.prepare('DELETE FROM kv WHERE ns = ? AND key = ?').run(ns, key);
      else this.writeKv(ns, key, next, options);
      return next;
    }).immediate();
  }

  async delete(ns: string, key: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM kv WHERE ns = ? AND key = ?').run(ns, key).changes > 0;
  }

  async list<T>(ns: string, options?: { prefix?: string }): Promise<Array<{ key: string; value: T }>> {
    const prefix = options?.prefix ?? '';
    // Range scan instead of LIKE, so keys with % or _ need no escaping.
    const rows = this.db
      .prepare('SELECT key, value, expires_at FROM kv WHERE ns = ? AND key >= ? AND key < ? ORDER BY key')
      .all(ns, prefix, `${prefix}\uffff`) as Array<KvRow & { key: string }>;
    return rows.filter((row) => this.live(row)).map((row) => ({ key: row.key, value: JSON.parse(row.value) as T }));
  }

  async append<T>(stream: string, value: T): Promise<number> {
    const result = this.db.prepare('INSERT INTO stream (name, at, value) VALUES (?, ?, ?)').run(stream, this.clock.now(), JSON.stringify(value));
    return Number(result.lastInsertRowid);
  }

  async appendMany<T>(stream: string, values: T[]): Promise<number[]> {
    const insert = this.db.prepare('INSERT INTO stream (name, at, value) VALUES (?, ?, ?)');
    return this.db.transaction(() => values.map((value) => Number(insert.run(stream, this.clock.now(), JSON.stringify(value)).lastInsertRowid)))();
  }

  async read<T>(stream: string, options: ReadOptions = {}): Promise<Array<StreamEntry<T>>> {
    const order = options.newestFirst ? 'DESC' : 'ASC';
    const after = options.afterSeq ?? (options.newestFirst ? Number.MAX_SAFE_INTEGER : 0);
    const comparison = options.newestFirst ? '<' : '>';
    const rows = this.db
      .prepare(`SELECT seq, at, value FROM stream WHERE name = ? AND seq ${comparison} ? ORDER BY seq ${order} LIMIT ?`)
      .all(stream, after, options.limit ?? -1) as Array<{ seq: number; at: number; value: string }>;
    return rows.map((row) => ({ seq: row.seq, at: row.at, value: JSON.parse(row.value) as T }));
  }

  async remove(stream: string, seqs: number[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM stream WHERE name = ? AND seq = ?');
    this.db.transaction(() => seqs.forEach((seq) => del.run(stream, seq)))();
  }

  async replace<T>(stream: string, seq: number, value: T): Promise<boolean> {
    return this.db.prepare('UPDATE stream SET value = ? WHERE name = ? AND seq = ?').run(JSON.stringify(value), stream, seq).changes > 0;
  }

  async count(stream: string): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM stream WHERE name = ?').get(stream) as { n: number }).n;
  }

  async ping(): Promise<boolean> {
    try {
      return this.db.open && (this.db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) {
      // Expired keys are dropped here rather than on every read, keeping reads cheap.
      this.db.prepare('DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?').run(this.clock.now());
      this.db.close();
    }
  }
}
