import { createHarness, alertsConfig, makeAlert, type Harness } from './fixtures';

const config = alertsConfig({
  defaultChannel: '#alerts',
  groupWait: '2s',
  groupInterval: '10s',
  repeat: '1h',
  maxListed: 5,
  routes: [
    { match: { service: 'db' }, channel: '#db', mention: '@db-oncall' },
    { match: { severity: 'critical' }, channel: '#oncall', continue: true },
    { matchRe: { service: 'api|web' }, channel: '#frontend' },
  ],
});

let h: Harness;
beforeEach(async () => {
  h = await createHarness(config);
});
afterEach(() => h.close());

async function tick(ms: number): Promise<void> {
  h.clock.advance(ms);
  await h.router.flush();
}

test('the first alert of a group waits groupWait, later ones join the same message', async () => {
  await h.router.ingest([makeAlert({ alertname: 'HighLatency', service: 'api', instance: 'a1' })]);
  await tick(1000);
  expect(h.chat.records).toHaveLength(0);
  await h.router.ingest([makeAlert({ alertname: 'HighLatency', service: 'api', instance: 'a2' })]);
  await tick(1000);
  expect(h.chat.kinds()).toEqual(['post:frontend']);
  expect(h.chat.records[0].text).toContain('HighLatency on a1');
  expect(h.chat.records[0].text).toContain('HighLatency on a2');
  expect(h.chat.records[0].text).toContain('2 alerts');

  // A third alert is batched into one edit after groupInterval, not a new message.
  await h.router.ingest([makeAlert({ alertname: 'HighLatency', service: 'api', instance: 'a3' })]);
  await tick(5000);
  expect(h.chat.records).toHaveLength(1);
  await tick(5000);
  expect(h.chat.kinds()).toEqual(['post:frontend', 'update:frontend']);
  expect(h.chat.records[1].text).toContain('3 alerts');
});

test('duplicates change nothing; resolving every alert edits the message with the duration', async () => {
  const a = makeAlert({ alertname: 'DiskFull', service: 'db', instance: 'db1' });
  await h.router.ingest([a, a, a]);
  await tick(2000);
  await h.router.ingest([a]);
  await tick(60_000);
  expect(h.chat.kinds()).toEqual(['post:db']);
  expect((h.chat.records[0].message as { mention?: string }).mention).toBeUndefined();

  await h.router.ingest([{ ...a, status: 'resolved', endsAt: a.startsAt + 12 * 60_000 }]);
  await tick(10_000);
  expect(h.chat.kinds()).toEqual(['post:db', 'update:db']);
  expect(h.chat.records[1].text).toMatch(/RESOLVED DiskFull on db1 after 12m/);
  expect(h.chat.records[1].ref.id).toBe(h.chat.records[0].ref.id);
  expect((h.chat.records[1].message as { actions?: unknown[] }).actions).toBeUndefined();
});

test('critical alerts mention, and continue sends them to a second channel', async () => {
  await h.router.ingest([makeAlert({ alertname: 'Down', service: 'web', severity: 'critical' })]);
  await tick(2000);
  expect(h.chat.kinds().sort()).toEqual(['post:frontend', 'post:oncall']);
  const db = makeAlert({ alertname: 'Down', service: 'db', severity: 'critical' });
  await h.router.ingest([db]);
  await tick(2000);
  const dbPost = h.chat.records.find((record) => record.channel === 'db');
  expect(dbPost?.message).toMatchObject({ mention: '@db-oncall' });
  expect(dbPost?.text.startsWith('@db-oncall')).toBe(true);
});

test('a flap reopens the message and goes to its thread; a late new alert opens a new message', async () => {
  const a = makeAlert({ alertname: 'Flappy', service: 'api' });
  await h.router.ingest([a]);
  await tick(2000);
  await h.router.ingest([{ ...a, status: 'resolved' }]);
  await tick(10_000);
  await h.router.ingest([a]);
  await tick(10_000);
  expect(h.chat.kinds()).toEqual(['post:frontend', 'update:frontend', 'update:frontend', 'thread:frontend']);
  expect(h.chat.records[2].text).toMatch(/^FIRING/);
  expect(h.chat.records[3].text).toContain('firing again (flap 1)');

  await h.router.ingest([{ ...a, status: 'resolved' }]);
  await tick(10_000);
  await tick(20 * 60_000); // past the flap window: the group is forgotten
  await h.router.ingest([makeAlert({ alertname: 'Flappy', service: 'api', instance: 'new' })]);
  await tick(2000);
  expect(h.chat.kinds().at(-1)).toBe('post:frontend');
});

test('alerts the message has no room for are listed in its thread, each once', async () => {
  const alerts = Array.from({ length: 12 }, (_, i) => makeAlert({ alertname: 'Storm', service: 'api', instance: `i${i}` }));
  await h.router.ingest(alerts);
  await tick(2000);
  expect(h.chat.kinds()).toEqual(['post:frontend', 'thread:frontend']);
  const all = h.chat.records.map((record) => record.text).join('\n');
  for (const alert of alerts) expect(all).toContain(alert.fingerprint);
  expect(h.chat.records[1].text.split('\n')).toHaveLength(1 + 7);
});

test('a restart keeps editing the same message', async () => {
  const a = makeAlert({ alertname: 'Persist', service: 'api' });
  await h.router.ingest([a]);
  await tick(2000);
  const router = await h.restart();
  await router.ingest([{ ...a, status: 'resolved' }]);
  h.clock.advance(10_000);
  await router.flush();
  expect(h.chat.kinds()).toEqual(['post:frontend', 'update:frontend']);
  expect(h.chat.records[1].ref.id).toBe(h.chat.records[0].ref.id);
});

test('an accepted alert survives a restart before its message went out', async () => {
  await h.router.ingest([makeAlert({ alertname: 'Early', service: 'api' })]);
  const router = await h.restart();
  h.clock.advance(2000);
  await router.flush();
  expect(h.chat.kinds()).toEqual(['post:frontend']);
});

test('a failed delivery is retried with backoff, not lost', async () => {
  h.chat.failing = 1;
  await h.router.ingest([makeAlert({ alertname: 'Retry', service: 'api' })]);
  await tick(2000);
  expect(h.chat.records).toHaveLength(0);
  await tick(500);
  expect(h.chat.records).toHaveLength(0);
  await tick(2000);
  expect(h.chat.kinds()).toEqual(['post:frontend']);
});

test('silenced alerts do not open messages; silencing a firing group edits it', async () => {
  await h.router.silences.add({ matchers: [{ name: 'service', op: '=', value: 'web' }], startsAt: h.clock.now(), endsAt: h.clock.now() + 3_600_000, createdBy: 'bob', comment: 'maint' });
  await h.router.ingest([makeAlert({ alertname: 'Quiet', service: 'web' })]);
  await tick(60_000);
  expect(h.chat.records).toHaveLength(0);

  await h.router.ingest([makeAlert({ alertname: 'Loud', service: 'api' })]);
  await tick(2000);
  await h.router.silences.add({ matchers: [{ name: 'alertname', op: '=', value: 'Loud' }], startsAt: h.clock.now(), endsAt: h.clock.now() + 3_600_000, createdBy: 'bob', comment: '' });
  await h.router.touch(() => true);
  await tick(100);
  expect(h.chat.kinds()).toEqual(['post:frontend', 'update:frontend']);
  expect(h.chat.records[1].text).toMatch(/^SILENCED/);
});

test('an unacknowledged firing group gets a reminder in its thread every repeat', async () => {
  await h.router.ingest([makeAlert({ alertname: 'Long', service: 'api' })]);
  await tick(2000);
  await tick(3_600_000);
  expect(h.chat.kinds()).toEqual(['post:frontend', 'thread:frontend']);
  expect(h.chat.records[1].text).toMatch(/Still firing after 1h/);
  await h.router.touch(() => true, { ackedBy: 'carol' });
  await tick(100);
  await tick(3_600_000);
  expect(h.chat.kinds()).toEqual(['post:frontend', 'thread:frontend', 'update:frontend']);
  expect(h.chat.records[2].text).toContain('acked by carol');
});

test('a firing alert whose endsAt passed resolves by itself', async () => {
  await h.router.ingest([makeAlert({ alertname: 'Timed', service: 'api' }, { endsAt: h.clock.now() + 60_000 })]);
  await tick(2000);
  await tick(60_000);
  expect(h.chat.records.at(-1)?.text).toMatch(/^RESOLVED/);
});
