/**
 * The bot's persistent state behind one narrow interface: a namespaced key-value map with atomic
 * read-modify-write and TTLs (locks, monitor state, dedupe keys, confirmations), and append-only
 * streams (history, audit, the outbox's queue). SQLite implements it today; every operation maps
 * onto Redis (hashes, SET NX PX, WATCH/MULTI, streams) for several replicas later.
 */
export interface Store {
  get<T>(ns: string, key: string): Promise<T | undefined>;
  put<T>(ns: string, key: string, value: T, options?: PutOptions): Promise<void>;
  /** Writes only when the key is absent (or expired); true when written. The lock primitive. */
  putIfAbsent<T>(ns: string, key: string, value: T, options?: PutOptions): Promise<boolean>;
  /**
   * Atomic read-modify-write: `change` sees the current value and returns the new one
   * (undefined deletes). Returns what was stored. `change` must be synchronous and pure.
   */
  update<T>(ns: string, key: string, change: (current: T | undefined) => T | undefined, options?: PutOptions): Promise<T | undefined>;
  delete(ns: string, key: string): Promise<boolean>;
  list<T>(ns: string, options?: { prefix?: string }): Promise<Array<{ key: string; value: T }>>;

  /** Appends to a stream; returns the entry's sequence number (increasing across the store). */
  append<T>(stream: string, value: T): Promise<number>;
  /** Several appends in one transaction: all or none. */
  appendMany<T>(stream: string, values: T[]): Promise<number[]>;
  read<T>(stream: string, options?: ReadOptions): Promise<Array<StreamEntry<T>>>;
  /** Removes entries (queue semantics: the outbox removes what was delivered). */
  remove(stream: string, seqs: number[]): Promise<void>;
  /** Replaces an entry's value in place (e.g. an outbox message's attempt count). */
  replace<T>(stream: string, seq: number, value: T): Promise<boolean>;
  count(stream: string): Promise<number>;

  /** True when the store answers; /health reports it. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface PutOptions {
  ttlMs?: number;
}

export interface ReadOptions {
  afterSeq?: number;
  limit?: number;
  newestFirst?: boolean;
}

export interface StreamEntry<T> {
  seq: number;
  /** Milliseconds since the epoch when appended. */
  at: number;
  value: T;
}
