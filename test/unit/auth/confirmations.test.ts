import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Confirmations } from '../../../src/auth/confirmations';
import { SqliteStore } from '../../../src/store/sqlite-store';

const alice = { id: 'U1', name: 'alice' };
const bob = { id: 'U2', name: 'bob' };
const carol = { id: 'U3', name: 'carol' };

describe('Confirmations', () => {
  let dir: string;
  let store: SqliteStore;
  const clock = { time: 1_000_000, now() { return this.time; } };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsbot-confirm-'));
    store = new SqliteStore({ file: join(dir, 'db.sqlite'), clock });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = (confirmations: Confirmations, approvers = 0) =>
    confirmations.create({ command: 'deploy', mutates: true, target: 'api to production', text: 'deploy api to production', plan: 'plan', message: { id: 'm1', text: 'deploy api to production', user: alice, channel: 'ops', direct: true }, requester: alice, approvers });

  it('approves exactly once, however many approvals race, and is claimed exactly once', async () => {
    const confirmations = new Confirmations(store, clock, 600_000);
    const c = await create(confirmations);
    expect(c.id).toMatch(/^[a-z2-9]{6}$/);
    const results = await Promise.all([alice, bob, carol, bob].map((user) => confirmations.approve(c.id.toUpperCase(), user)));
    expect(results.filter((r) => r.kind === 'approved')).toHaveLength(1);
    const claims = await Promise.all([confirmations.claim(c.id), confirmations.claim(c.id)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await confirmations.finish(c.id, 'ok');
    expect((await confirmations.get(c.id))?.status).toBe('done');
  });

  it('needs N approvals from people other than the requester', async () => {
    const confirmations = new Confirmations(store, clock, 600_000);
    const c = await create(confirmations, 2);
    expect((await confirmations.approve(c.id, alice)).kind).toBe('self');
    expect((await confirmations.approve(c.id, bob)).kind).toBe('recorded');
    expect((await confirmations.approve(c.id, bob)).kind).toBe('duplicate');
    expect((await confirmations.approve(c.id, carol)).kind).toBe('approved');
  });

  it('expires after the TTL, says so, and forgets a day later', async () => {
    const confirmations = new Confirmations(store, clock, 600_000);
    const c = await create(confirmations);
    const d = await create(confirmations);
    clock.time += 600_000;
    expect((await confirmations.approve(c.id, bob)).kind).toBe('expired');
    expect((await confirmations.expireDue()).map((x) => x.id)).toEqual([d.id]);
    expect((await confirmations.cancel(d.id, alice)).kind).toBe('closed');
    clock.time += 25 * 3_600_000;
    expect((await confirmations.approve(c.id, bob)).kind).toBe('unknown');
  });
});
