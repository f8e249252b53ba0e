import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../src/store/sqlite-store';

describe('SqliteStore', () => {
  let dir: string;
  let now: number;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsbot-store-'));
    now = 1_000_000;
    store = new SqliteStore({ file: join(dir, 'opsbot.db'), clock: { now: () => now } });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps values across reopen, with the schema migrated once', async () => {
    await store.put('deploy.locks', 'api:production', { owner: 'alice' });
    expect(store.schemaVersion).toBe(1);
    await store.close();
    store = new SqliteStore({ file: join(dir, 'opsbot.db') });
    expect(await store.get('deploy.locks', 'api:production')).toEqual({ owner: 'alice' });
    expect(store.schemaVersion).toBe(1);
  });

  it('putIfAbsent is a lock: the second writer loses until the TTL runs out', async () => {
    expect(await store.putIfAbsent('locks', 'api', 'alice', { ttlMs: 1000 })).toBe(true);
    expect(await store.putIfAbsent('locks', 'api', 'bob', { ttlMs: 1000 })).toBe(false);
    expect(await store.get('locks', 'api')).toBe('alice');
    now += 1001;
    expect(await store.get('locks', 'api')).toBeUndefined();
    expect(await store.putIfAbsent('locks', 'api', 'bob')).toBe(true);
  });

  it('update is an atomic read-modify-write; returning undefined deletes', async () => {
    await Promise.all(Array.from({ length: 50 }, () => store.update<number>('counters', 'n', (n) => (n ?? 0) + 1)));
    expect(await store.get('counters', 'n')).toBe(50);
    await store.update('counters', 'n', () => undefined);
    expect(await store.get('counters', 'n')).toBeUndefined();
  });

  it('lists by prefix, keys with LIKE wildcards included', async () => {
    await store.put('ns', 'a_1', 1);
    await store.put('ns', 'a%2', 2);
    await store.put('ns', 'ab', 3);
    await store.put('other', 'a_1', 4);
    expect((await store.list('ns', { prefix: 'a_' })).map((e) => e.key)).toEqual(['a_1']);
    expect((await store.list('ns')).map((e) => e.value)).toEqual([2, 1, 3]);
  });

  it('streams append in order, read forwards, backwards, after a seq, and remove', async () => {
    const seqs = await store.appendMany('history', ['a', 'b', 'c']);
    await store.append('other', 'x');
    expect((await store.read('history')).map((e) => e.value)).toEqual(['a', 'b', 'c']);
    expect((await store.read('history', { newestFirst: true, limit: 2 })).map((e) => e.value)).toEqual(['c', 'b']);
    expect((await store.read('history', { afterSeq: seqs[0] })).map((e) => e.value)).toEqual(['b', 'c']);
    await store.remove('history', [seqs[1]]);
    expect(await store.replace('history', seqs[2], 'C')).toBe(true);
    expect((await store.read('history')).map((e) => e.value)).toEqual(['a', 'C']);
    expect(await store.count('history')).toBe(2);
  });

  it('survives kill -9 in the middle of writes: never corrupt, every acknowledged write kept', async () => {
    const file = join(dir, 'crash.db');
    const writer = `
      const { SqliteStore } = require(${JSON.stringify(join(__dirname, '../../../src/store/sqlite-store.ts'))});
      const store = new SqliteStore({ file: ${JSON.stringify(file)} });
      (async () => {
        for (let i = 0; ; i++) {
          await store.appendMany('s', [i, i]);
          await store.put('kv', 'last', i);
          process.stdout.write(i + '\\n');
        }
      })();
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
    let acknowledged = -1;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = chunk.toString().trim().split('\n');
        acknowledged = Number(lines.at(-1));
        if (acknowledged >= 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));

    const raw = new Database(file);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const reopened = new SqliteStore({ file });
    const entries = await reopened.read<number>('s');
    // Appends come in pairs inside one transaction: a torn pair would show up as an odd count.
    expect(entries.length % 2).toBe(0);
    expect(entries.length / 2).toBeGreaterThanOrEqual(acknowledged + 1);
    expect(await reopened.get<number>('kv', 'last')).toBeGreaterThanOrEqual(acknowledged);
    await reopened.close();
  });
});
