import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from '../../../src/config/load-config';
import { EventBus } from '../../../src/events/bus';
import type { MonitorDown, MonitorReminder, MonitorUp } from '../../../src/events/ops-events';
import { createMonitors, type Monitors } from '../../../src/monitor/create-monitors';
import type { CheckResult, MonitorDefinition } from '../../../src/monitor/types';
import { SqliteStore } from '../../../src/store/sqlite-store';

const logger = pino({ level: 'silent' });

class ManualClock {
  constructor(public t = Date.UTC(2025, 0, 1)) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

/** What each target answers; a runner passed through the constructor, like the real one. */
class Targets {
  failing = new Map<string, string>();
  calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly clock: ManualClock) {}
  run = async (monitor: MonitorDefinition): Promise<CheckResult> => {
    this.calls.push(monitor.name);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    const reason = this.failing.get(monitor.name);
    return reason ? { ok: false, at: this.clock.now(), latencyMs: 3, reason } : { ok: true, at: this.clock.now(), latencyMs: 2, detail: '200' };
  };
}

function monitorsConfig(entries: object[]) {
  return parseConfig({ monitors: entries }, 'test').monitors;
}

describe('MonitorService', () => {
  let dir: string;
  let store: SqliteStore;
  let clock: ManualClock;
  let targets: Targets;
  let bus: EventBus;
  let events: Array<{ type: string; payload: MonitorDown | MonitorUp | MonitorReminder }>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'monitor-service-'));
    clock = new ManualClock();
    store = new SqliteStore({ file: join(dir, 'opsbot.db'), clock });
    targets = new Targets(clock);
    bus = new EventBus();
    events = [];
    for (const type of ['monitor.down', 'monitor.up', 'monitor.reminder'] as const) bus.on(type, (payload) => void events.push({ type, payload }));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = { name: 'api', http: { url: 'https://api.example.com/health' }, interval: '60s', retries: 2, retryDelay: '5s', remind: '1h', channel: '#ops', labels: { service: 'api' } };

  async function make(entries: object[] = [api], extra: { concurrency?: number } = {}): Promise<Monitors> {
    return createMonitors({ monitors: monitorsConfig(entries), baseDir: dir, store, bus, clock, logger, runCheck: targets.run, random: () => 0.5, ...extra });
  }

  /** Advances the clock in steps, running whatever is due, as the timer would. */
  async function runFor(monitors: Monitors, ms: number, stepMs = 1000) {
    for (let passed = 0; passed < ms; passed += stepMs) {
      clock.advance(stepMs);
      await monitors.service.runDue();
    }
  }

  it('announces an outage once after the quick re-checks, reminds hourly, and announces the recovery with its length', async () => {
    const monitors = await make();
    await runFor(monitors, 60_000);
    expect(monitors.service.view('api').status).toBe('UP');

    targets.failing.set('api', '503');
    const failedAt = clock.now();
    await runFor(monitors, 60_000);
    // One scheduled check and two re-checks 5 s apart, not three whole intervals.
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'monitor.down', payload: { monitor: 'api', target: 'https://api.example.com/health', reason: '503 after 3 tries', severity: 'critical', channel: 'ops', labels: { service: 'api', monitor: 'api', severity: 'critical' } } });
    const downSince = (events[0].payload as MonitorDown).downSince;
    expect(downSince - failedAt).toBeLessThanOrEqual(60_000);

    await runFor(monitors, 2 * 3_600_000, 30_000);
    expect(events.map((e) => e.type)).toEqual(['monitor.down', 'monitor.reminder', 'monitor.reminder']);

    targets.failing.delete('api');
    await runFor(monitors, 60_000);
    expect(events.map((e) => e.type)).toEqual(['monitor.down', 'monitor.reminder', 'monitor.reminder', 'monitor.up']);
    const up = events[3].payload as MonitorUp;
    expect(up.downSince).toBe(downSince);
    expect(up.durationMs).toBe(up.upSince - downSince);
    expect(monitors.service.view('api')).toMatchObject({ status: 'UP' });
    await monitors.service.stop();
  });

  it('a restart during an outage neither re-announces it nor forgets it', async () => {
    const first = await make();
    targets.failing.set('api', 'connection refused');
    await runFor(first, 90_000);
    expect(events.map((e) => e.type)).toEqual(['monitor.down']);
    const downSince = (events[0].payload as MonitorDown).downSince;
    await first.service.stop();

    clock.advance(5 * 60_000);
    const second = await make();
    expect(second.service.view('api')).toMatchObject({ status: 'DOWN', reason: 'connection refused' });
    await runFor(second, 10 * 60_000);
    expect(events.map((e) => e.type)).toEqual(['monitor.down']);

    targets.failing.delete('api');
    await runFor(second, 60_000);
    expect(events.map((e) => e.type)).toEqual(['monitor.down', 'monitor.up']);
    expect((events[1].payload as MonitorUp).downSince).toBe(downSince);
    await second.service.stop();
  });

  it('spreads a fleet over the interval, checks each once per interval, and keeps to the concurrency bound', async () => {
    const fleet = Array.from({ length: 200 }, (_, i) => ({ name: `m${i}`, tcp: { host: '127.0.0.1', port: 1 }, interval: '30s' }));
    let r = 0;
    const monitors = await createMonitors({ monitors: monitorsConfig(fleet), baseDir: dir, store, bus, clock, logger, runCheck: targets.run, concurrency: 3, random: () => ((r++ % 100) + 0.5) / 100 });
    const perSecond: number[] = [];
    for (let s = 0; s < 90; s += 1) {
      const before = targets.calls.length;
      clock.advance(1000);
      await monitors.service.runDue();
      perSecond.push(targets.calls.length - before);
    }
    expect(targets.calls).toHaveLength(600);
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(10);
    expect(targets.maxInFlight).toBeLessThanOrEqual(3);
    expect(new Set(targets.calls).size).toBe(200);
    await monitors.service.stop();
  });

  it('pauses (no checks, no announcements) until resumed or until the pause ends', async () => {
    const monitors = await make();
    await runFor(monitors, 60_000);
    await monitors.service.pause('api', clock.now() + 3_600_000, 'alice');
    targets.failing.set('api', '500');
    targets.calls = [];
    await runFor(monitors, 30 * 60_000, 10_000);
    expect(targets.calls).toEqual([]);
    expect(monitors.service.view('api').status).toBe('PAUSED');

    // A check during maintenance shows the answer without moving the state.
    const { result, view } = await monitors.service.checkNow('api');
    expect(result.reason).toBe('500');
    expect(view.status).toBe('PAUSED');

    await runFor(monitors, 35 * 60_000, 10_000);
    expect(events.map((e) => e.type)).toEqual(['monitor.down']);
    await monitors.service.pause('api', undefined, 'alice');
    await runFor(monitors, 3 * 3_600_000, 60_000);
    expect(events.map((e) => e.type)).toEqual(['monitor.down']);
    targets.failing.delete('api');
    await monitors.service.resume('api');
    await runFor(monitors, 2000);
    expect(events.map((e) => e.type)).toEqual(['monitor.down', 'monitor.up']);
    await monitors.service.stop();
  });

  it('keeps uptime over restarts and reports it over 24 h and 7 d', async () => {
    const monitors = await make();
    await runFor(monitors, 3 * 3_600_000, 60_000);
    targets.failing.set('api', '503');
    await runFor(monitors, 3_600_000, 60_000);
    await monitors.service.stop();
    const again = await make();
    const view = again.service.view('api');
    expect(view.uptime24h).toBeGreaterThan(0.7);
    expect(view.uptime24h).toBeLessThan(0.8);
    expect(view.uptime7d).toBeCloseTo(view.uptime24h!, 5);
    await again.service.stop();
  });

  it('adds monitors from chat (persisted), refuses to remove config ones, removes chat ones with their state', async () => {
    const monitors = await make();
    const added = await monitors.chat.add('web', 'https://web.example.com/', { interval: '30s', channel: 'C123', by: 'alice' });
    expect(added).toMatchObject({ source: 'chat', interval: 30_000, channel: 'C123' });
    await expect(monitors.chat.add('API', 'https://x.example.com/', { by: 'bob' })).rejects.toThrow(/monitor add: a monitor named api exists already \(from the config file\)/);
    await expect(monitors.chat.add('db', 'tcp://db.internal:5432', { by: 'bob' })).resolves.toMatchObject({ tcp: { host: 'db.internal', port: 5432 }, target: 'db.internal:5432' });
    await expect(monitors.chat.add('bad', 'https://x', { interval: 'often', by: 'bob' })).rejects.toThrow(/interval: expected a duration/);
    await expect(monitors.chat.remove('api')).rejects.toThrow(/defined in the config file/);
    await monitors.service.stop();

    const again = await make();
    expect(again.service.list().map((v) => `${v.name}:${v.source}`).sort()).toEqual(['api:config', 'db:chat', 'web:chat']);
    await again.chat.remove('web');
    await expect(again.chat.remove('web')).rejects.toThrow(/no monitor named web/);
    await again.service.stop();
    expect((await make()).service.list().map((v) => v.name).sort()).toEqual(['api', 'db']);
  });
});
