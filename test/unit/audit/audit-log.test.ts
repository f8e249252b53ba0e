import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_STREAM, AuditLog, type AuditEntry } from '../../../src/audit/audit-log';
import { Redactor } from '../../../src/log/redactor';
import { SqliteStore } from '../../../src/store/sqlite-store';

const entry = (i: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: 1_700_000_000_000 + i,
  kind: 'command',
  user: { id: i % 2 ? 'U1' : 'U2', name: i % 2 ? 'alice' : 'bob' },
  channel: 'ops',
  text: `deploy api ${i}`,
  command: i % 3 === 0 ? 'deploy.status' : 'deploy',
  outcome: 'ok',
  durationMs: 1,
  ...over,
});

describe('AuditLog', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsbot-audit-'));
    store = new SqliteStore({ file: join(dir, 'db.sqlite'), clock: { now: () => 1_700_000_000_000 } });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores entries redacted and without empty fields', async () => {
    const audit = new AuditLog(store, new Redactor(['hunter2-secret']));
    await audit.record(entry(1, { text: 'deploy api --password hunter2-secret', error: undefined }));
    const [stored] = await store.read<AuditEntry>(AUDIT_STREAM);
    expect(stored.value.text).toBe('deploy api --password [redacted]');
    expect('error' in stored.value).toBe(false);
  });

  it('finds the latest matching entries across pages, newest first, by user or command', async () => {
    const audit = new AuditLog(store, new Redactor());
    for (let i = 1; i <= 1200; i += 1) await audit.record(entry(i));
    const latest = await audit.query({ limit: 3 });
    expect(latest.map((e) => e.text)).toEqual(['deploy api 1200', 'deploy api 1199', 'deploy api 1198']);
    expect((await audit.query({ limit: 700, user: 'alice' })).every((e) => e.user.name === 'alice')).toBe(true);
    expect(await audit.query({ limit: 700, user: 'U2' })).toHaveLength(600);
    expect((await audit.query({ limit: 5, command: 'deploy' })).length).toBe(5);
    expect((await audit.query({ limit: 1000, command: 'deploy.status' })).map((e) => e.command)).toEqual(Array(400).fill('deploy.status'));
    const after = await audit.query({ afterSeq: latest[1].seq, limit: 10 });
    expect(after.map((e) => e.text)).toEqual(['deploy api 1200']);
  });
});
