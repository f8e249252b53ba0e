import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MonitorDown, MonitorUp } from '../../src/events/ops-events';
import { startTestApp, type TestApp } from '../helpers/start-app';
import { waitFor } from '../helpers/wait-for';

/** A real web target whose health the test switches. */
async function startTarget(): Promise<{ server: Server; port: number; set(status: number): void }> {
  let status = 200;
  const server = createServer((_req, res) => res.writeHead(status, { connection: 'close' }).end(status === 200 ? 'ok' : 'broken'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as AddressInfo).port, set: (s) => (status = s) };
}


function record(app: TestApp) {
  const events: Array<{ type: string; payload: MonitorDown | MonitorUp }> = [];
  app.robot.bus.on('monitor.down', (payload) => void events.push({ type: 'down', payload }));
  app.robot.bus.on('monitor.up', (payload) => void events.push({ type: 'up', payload }));
  app.robot.bus.on('monitor.reminder', (payload) => void events.push({ type: 'reminder', payload: payload as never }));
  return events;
}

describe('monitor in the running bot', () => {
  let target: Awaited<ReturnType<typeof startTarget>>;
  let dataDir: string;
  const apps: TestApp[] = [];

  beforeEach(async () => {
    target = await startTarget();
    dataDir = mkdtempSync(join(tmpdir(), 'opsbot-monitor-'));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    target.server.closeAllConnections();
    await new Promise((resolve) => target.server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const config = () => ({
    // Changing monitors is allowed to everyone here (authorization has its own tests).
    auth: { roles: { ops: { users: ['*'] } }, rules: [{ command: 'monitor.*', roles: ['ops'] }] },
    monitors: [{ name: 'web', http: { url: `http://127.0.0.1:${target.port}/health`, contains: 'ok' }, interval: '1s', timeout: '500ms', retries: 1, retryDelay: '200ms', channel: '#ops', labels: { service: 'web' } }],
  });
  const start = async () => {
    const app = await startTestApp({ config: config(), dataDir });
    apps.push(app);
    return app;
  };

  it('announces a real outage once and its end once; a restart in between neither repeats nor forgets it', async () => {
    const first = await start();
    const events = record(first);
    await waitFor(() => first.robot.need('monitors').service.view('web').status === 'UP', { what: 'web UP' });

    target.set(503);
    const down = await waitFor(() => events.find((e) => e.type === 'down'), { what: 'monitor.down' });
    expect(down.payload).toMatchObject({ monitor: 'web', reason: '503 after 2 tries', channel: 'ops', labels: { service: 'web' } });
    const status = (await first.adapter.say('monitor status')).join('\n');
    expect(status).toMatch(/web\s+DOWN\s+\S+ ago\s+\d+ms\s+[\d.]+%\s+[\d.]+%\s+503/);

    await first.close();
    apps.splice(apps.indexOf(first), 1);
    const second = await start();
    const later = record(second);
    expect((await second.adapter.say('monitor status web')).join('\n')).toContain('web: DOWN');
    // Several intervals pass while still down: nothing is announced again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(later).toEqual([]);

    target.set(200);
    const up = await waitFor(() => later.find((e) => e.type === 'up'), { what: 'monitor.up' });
    expect(up.payload).toMatchObject({ monitor: 'web', downSince: down.payload.downSince });
    expect((up.payload as MonitorUp).durationMs).toBeGreaterThan(2500);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(later.map((e) => e.type)).toEqual(['up']);
  });

  it('answers its commands', async () => {
    const app = await start();
    await waitFor(() => app.robot.need('monitors').service.view('web').status === 'UP', { what: 'web UP' });
    expect((await app.adapter.say('monitor check web')).join('\n')).toMatch(/^web: 200 in \d+ms → UP/);
    expect(await app.adapter.say('monitor pause web for 2h')).toEqual(['web paused for 2h: no checks and no announcements meanwhile.']);
    expect((await app.adapter.say('monitor status')).join('\n')).toMatch(/web\s+PAUSED.*paused, (2h|1h 59m) left/);
    expect(await app.adapter.say('monitor resume web')).toEqual(['web resumed; checking it now (every 1s).']);

    const added = await app.adapter.say(`monitor add other http://127.0.0.1:${target.port}/ every 30s`);
    expect(added[0]).toMatch(/^Added monitor other: http:\/\/127\.0\.0\.1:\d+\/ every 30s; first check: 200 in \d+ms \(UP\)\.$/);
    expect(await app.adapter.say('monitor remove web')).toEqual([
      'monitor remove: web is defined in the config file; remove it there (monitors added with `monitor add` can be removed from chat). To silence it for a while: `monitor pause web for 1h`',
    ]);
    expect(await app.adapter.say('monitor remove other')).toEqual([`Removed monitor other (http://127.0.0.1:${target.port}/) and its history.`]);
    expect(await app.adapter.say('monitor check nope')).toEqual(['monitor failed: no monitor named nope (known: web)']);
    expect(await app.adapter.say('monitor pause web for ever')).toEqual(['monitor pause: "ever" is not a duration; try `monitor pause web for 1h` (or 30m, 2h, 1d)']);
  });
});

describe('monitor in the sandbox', () => {
  it('shows working monitors on a fresh machine, and an outage the user causes is announced once', async () => {
    const app = await startTestApp();
    try {
      const events = record(app);
      const status = (await app.adapter.say('monitor status')).join('\n');
      expect(status).toContain('Monitors: 3 up.');
      expect(status).toMatch(/demo-site\s+UP/);

      expect((await app.adapter.say('sandbox site down')).join('\n')).toContain('The demo site now answers 503');
      // Speed the demo up: check now instead of waiting for the 5 s schedule; re-checks follow by themselves.
      expect((await app.adapter.say('monitor check demo-site')).join('\n')).toMatch(/demo-site: failed: 503 .*→ PENDING/);
      const down = await waitFor(() => events.find((e) => e.type === 'down' && e.payload.monitor === 'demo-site'), { what: 'demo-site DOWN', timeoutMs: 15_000 });
      expect(down.payload).toMatchObject({ reason: '503 after 3 tries', channel: 'ops', severity: 'critical' });

      await app.adapter.say('sandbox site up');
      await app.adapter.say('monitor check demo-site');
      await waitFor(() => events.find((e) => e.type === 'up' && e.payload.monitor === 'demo-site'), { what: 'demo-site UP' });
      expect(events.filter((e) => e.payload.monitor === 'demo-site').map((e) => e.type)).toEqual(['down', 'up']);
    } finally {
      await app.close();
    }
  }, 40_000);
});
