import { OUTBOX_STREAM } from '../../../src/outbox/outbox-entry';
import { formatOutboxStatus, readOutboxStatus } from '../../../src/outbox/outbox-status';
import { PermanentDeliveryError, RateLimitedError } from '../../../src/outbox/transport-errors';
import { createOutbox, ManualClock, RecordingTransport, tempStore } from './outbox-harness';

describe('the outbox', () => {
  let clock: ManualClock;
  let transport: RecordingTransport;
  let env: ReturnType<typeof tempStore>;

  beforeEach(() => {
    clock = new ManualClock();
    transport = new RecordingTransport(clock);
    env = tempStore(clock);
  });
  afterEach(async () => {
    await env.store.close();
    env.cleanup();
  });

  it('writes a message to the store before sending and removes it once accepted', async () => {
    let storedWhileSending = -1;
    transport.next = async () => {
      storedWhileSending = await env.store.count(OUTBOX_STREAM);
    };
    const outbox = createOutbox({ transport, store: env.store, clock });
    const ref = await outbox.send({ channel: 'ops' }, 'hello');
    expect(ref.id).toBeTruthy();
    await outbox.flush(1000);
    expect(storedWhileSending).toBe(1);
    expect(await env.store.count(OUTBOX_STREAM)).toBe(0);
    expect(transport.posts().map((call) => call.text)).toEqual(['hello']);
  });

  it('paces each channel (a burst of 3, then one per second) without one channel stalling another', async () => {
    const outbox = createOutbox({ transport, store: env.store, clock });
    const start = clock.now();
    for (let i = 0; i < 6; i++) await outbox.send({ channel: 'noisy' }, `n${i}`);
    await outbox.send({ channel: 'quiet' }, 'q0');
    await outbox.flush(1000);
    const noisy = transport.posts('noisy').map((call) => call.at - start);
    expect(noisy.slice(0, 3)).toEqual([0, 0, 0]);
    for (let i = 3; i < noisy.length; i++) expect(noisy[i] - noisy[i - 1]).toBeGreaterThanOrEqual(1000);
    expect(transport.posts('quiet')[0].at - start).toBe(0);
    expect(transport.posts('noisy').map((call) => call.text)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
  });

  it('waits exactly Retry-After after a 429, then goes on', async () => {
    let refusals = 2;
    transport.next = (op) => {
      if (op === 'post' && refusals-- > 0) throw new RateLimitedError(3000);
    };
    const outbox = createOutbox({ transport, store: env.store, clock });
    await outbox.send({ channel: 'ops' }, 'one');
    await outbox.flush(1000);
    const times = transport.attempts.map((attempt) => attempt.at - transport.attempts[0].at);
    expect(times).toEqual([0, 3000, 6000]);
    expect(transport.posts()).toHaveLength(1);
  });

  it('backs off with growing waits on 5xx and network errors, without giving up', async () => {
    let failures = 6;
    transport.next = () => {
      if (failures-- > 0) throw new Error('HTTP 503');
    };
    // A fast pace, so only the backoff decides the waits here.
    const outbox = createOutbox({ transport, store: env.store, clock, backoff: { baseMs: 100, maxMs: 10_000 }, pacing: { perSecond: 1000, burst: 100 } });
    await outbox.send({ channel: 'ops' }, 'survives');
    await outbox.flush(1000);
    const gaps = transport.attempts.slice(1).map((attempt, i) => attempt.at - transport.attempts[i].at);
    expect(gaps).toHaveLength(6);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual((100 * 2 ** i) / 2);
      expect(gap).toBeLessThanOrEqual(100 * 2 ** i);
    });
    expect(transport.posts().map((call) => call.text)).toEqual(['survives']);
  });

  it('parks a message Slack will never accept, reports it once to the admin channel and lists it', async () => {
    transport.next = (_op, channel) => {
      if (channel === 'gone') throw new PermanentDeliveryError('channel_not_found');
    };
    const outbox = createOutbox({ transport, store: env.store, clock });
    await outbox.send({ channel: 'gone' }, 'first');
    await outbox.send({ channel: 'gone' }, 'second');
    await outbox.send({ channel: 'ops' }, 'unaffected');
    await outbox.flush(1000);
    await outbox.flush(1000);
    const reports = transport.posts('ops-alerts');
    expect(reports).toHaveLength(1);
    expect(reports[0].text).toMatch(/gone could not be delivered \(channel_not_found\)/);
    expect(transport.attempts.filter((attempt) => attempt.channel === 'gone')).toHaveLength(2);
    const status = formatOutboxStatus(await readOutboxStatus(env.store, clock.now()));
    expect(status).toMatch(/0 queued in 0 channels, 2 parked/);
    expect(status).toMatch(/gone: channel_not_found, .*"first"/);
  });

  it('lets a living message be updated before Slack even answered, coalescing the versions', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    transport.next = (op, _channel, text) => (op === 'post' && text === 'blocker' ? held : undefined);
    const outbox = createOutbox({ transport, store: env.store, clock });
    await outbox.send({ channel: 'ops' }, 'blocker');
    const ref = await outbox.send({ channel: 'ops' }, 'deploying 0%');
    await outbox.update(ref, 'deploying 50%');
    await outbox.update(ref, 'deploying 100%');
    const child = await outbox.send({ channel: 'ops', threadOf: ref }, 'log line');
    release();
    await outbox.flush(1000);
    await outbox.update(ref, 'done');
    await outbox.update(ref, 'done!');
    await outbox.flush(1000);
    const posted = transport.posts().find((call) => call.text.startsWith('deploying'))!;
    expect(posted.text).toBe('deploying 100%');
    expect(transport.posts().find((call) => call.text === 'log line')?.thread).toBe(posted.ts);
    const edits = transport.calls.filter((call) => call.op === 'edit');
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(edits[edits.length - 1]).toMatchObject({ ts: posted.ts, text: 'done!' });
    expect(child.id).not.toBe(ref.id);
  });

  it('sends a message once per idempotency key', async () => {
    const outbox = createOutbox({ transport, store: env.store, clock });
    const a = await outbox.send({ channel: 'ops' }, 'alert X', { key: 'alert-x' });
    const b = await outbox.send({ channel: 'ops' }, 'alert X', { key: 'alert-x' });
    await outbox.flush(1000);
    expect(b.id).toBe(a.id);
    expect(transport.posts()).toHaveLength(1);
  });

  it('puts replies to commands ahead of unprompted messages waiting in the same channel', async () => {
    const outbox = createOutbox({ transport, store: env.store, clock });
    for (let i = 0; i < 6; i++) await outbox.send({ channel: 'ops' }, `alert ${i}`);
    await outbox.send({ channel: 'ops' }, 'reply', { kind: 'reply' });
    await outbox.flush(1000);
    const order = transport.posts().map((call) => call.text);
    expect(order.indexOf('reply')).toBeLessThanOrEqual(3);
  });

  it('resumes after a restart with what the previous run left in the store', async () => {
    transport.next = () => new Promise<void>(() => undefined); // Slack never answers: the "crash"
    const first = createOutbox({ transport, store: env.store, clock });
    const ref = await first.send({ channel: 'ops' }, 'm1');
    for (let i = 2; i <= 5; i++) await first.send({ channel: i % 2 ? 'ops' : 'deploys' }, `m${i}`);
    await first.update(ref, 'm1 (edited)');
    first.stop();

    const after = new RecordingTransport(clock);
    const second = createOutbox({ transport: after, store: env.store, clock });
    await second.flush(1000);
    // The edit was queued while the post was in flight, so the post goes out as first written.
    expect(after.posts().map((call) => call.text).sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(after.calls.find((call) => call.op === 'edit')?.text).toBe('m1 (edited)');
    expect(await env.store.count(OUTBOX_STREAM)).toBe(0);
  });

  it('flush gives up at its timeout when Slack is down', async () => {
    transport.next = () => new Promise<void>(() => undefined);
    const outbox = createOutbox({ transport, store: env.store, clock });
    await outbox.send({ channel: 'ops' }, 'stuck');
    const started = Date.now();
    await outbox.flush(50);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await env.store.count(OUTBOX_STREAM)).toBe(1);
  });
});

describe('choosing the delivery', () => {
  it('delivers directly for the shell and the test adapter, through the paced outbox for Slack', async () => {
    const { createDelivery } = await import('../../../src/outbox/create-delivery');
    const { DirectDelivery } = await import('../../../src/robot/direct-delivery');
    const { Outbox } = await import('../../../src/outbox/outbox');
    const { createMetrics } = await import('../../../src/http/metrics');
    const pino = (await import('pino')).default;
    const clock = new ManualClock();
    const env = tempStore(clock);
    const adapter = (name: string) => ({ name, pacing: { perSecond: 2, burst: 1 }, start: async () => undefined, stop: async () => undefined, connected: () => true, post: async () => ({ channel: 'c', ts: '1' }), edit: async () => undefined });
    const base = { store: env.store, logger: pino({ level: 'silent' }), clock, metrics: createMetrics() };
    expect(createDelivery({ ...base, adapter: adapter('shell') })).toBeInstanceOf(DirectDelivery);
    expect(createDelivery({ ...base, adapter: adapter('test') })).toBeInstanceOf(DirectDelivery);
    const outbox = createDelivery({ ...base, adapter: adapter('slack') });
    expect(outbox).toBeInstanceOf(Outbox);
    await outbox.flush(10);
    await env.store.close();
    env.cleanup();
  });

  it('sends nothing once the store is closed; the message waits on disk for the next start', async () => {
    const clock = new ManualClock();
    const env = tempStore(clock);
    const transport = new RecordingTransport(clock);
    let wake!: () => void;
    const pause = new Promise<void>((resolve) => (wake = resolve));
    const outbox = createOutbox({ transport, store: env.store, clock, pacing: { perSecond: 1, burst: 1 }, sleep: async (ms) => {
      await pause;
      clock.t += ms;
    } });
    await outbox.send({ channel: 'ops' }, 'first');
    await outbox.send({ channel: 'ops' }, 'second'); // waits for its token until woken
    await outbox.flush(50);
    await env.store.close();
    wake();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(transport.posts().map((call) => call.text)).toEqual(['first']);
    env.cleanup();
  });
});
