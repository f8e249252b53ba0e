// Child process of bench/monitor-scale.ts: runs N HTTP monitors either with opsbot's monitor
// capability (one timer heap, bounded concurrency, real SQLite store) or with a naive
// setInterval-per-monitor loop over fetch, and reports its own CPU, peak RSS and DOWN times.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from '../src/config/load-config';
import { EventBus } from '../src/events/bus';
import { systemClock } from '../src/events/clock';
import { createMonitors } from '../src/monitor/create-monitors';
import { SqliteStore } from '../src/store/sqlite-store';

interface Start {
  type: 'start';
  mode: 'opsbot' | 'naive';
  urls: string[];
  interval: number;
  retries: number;
  retryDelay: number;
  seconds: number;
}

let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

async function runOpsbot(start: Start): Promise<() => Promise<{ checks: number }>> {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-bench-'));
  const store = new SqliteStore({ file: join(dir, 'opsbot.db') });
  const bus = new EventBus();
  bus.on('monitor.down', (event) => process.send!({ type: 'down', name: event.monitor, at: Date.now() }));
  const seconds = (ms: number) => `${ms / 1000}s`;
  const monitors = parseConfig(
    { monitors: start.urls.map((url, i) => ({ name: `m${i}`, http: { url }, interval: seconds(start.interval), retries: start.retries, retryDelay: seconds(start.retryDelay), timeout: '10s' })) },
    'bench',
  ).monitors;
  let checks = 0;
  const created = await createMonitors({ monitors, baseDir: dir, store, bus, clock: systemClock, logger: pino({ level: 'silent' }), onCheck: () => void (checks += 1) });
  created.service.start();
  return async () => {
    await created.service.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    return { checks };
  };
}

/** The peer: what one writes first: a setInterval per monitor, fetch, re-checks with setTimeout. */
async function runNaive(start: Start): Promise<() => Promise<{ checks: number }>> {
  let checks = 0;
  const timers: NodeJS.Timeout[] = [];
  start.urls.forEach((url, i) => {
    let failures = 0;
    let down = false;
    const check = async (): Promise<void> => {
      checks += 1;
      let ok = false;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        ok = response.status === 200;
      } catch {
        ok = false;
      }
      if (ok) {
        failures = 0;
        down = false;
        return;
      }
      failures += 1;
      if (failures > start.retries && !down) {
        down = true;
        process.send!({ type: 'down', name: `m${i}`, at: Date.now() });
      } else if (!down) timers.push(setTimeout(check, start.retryDelay));
    };
    timers.push(setTimeout(() => timers.push(setInterval(check, start.interval)), Math.random() * start.interval));
  });
  return async () => {
    for (const timer of timers) clearTimeout(timer);
    return { checks };
  };
}

process.on('message', async (message: Start | { type: 'stop' }) => {
  if (message.type === 'start') {
    const sampler = setInterval(sampleRss, 250);
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const stop = await (message.mode === 'opsbot' ? runOpsbot(message) : runNaive(message));
    process.once('message', async () => {
      const cpu = process.cpuUsage(cpuBefore);
      const wallMs = performance.now() - wallBefore;
      clearInterval(sampler);
      sampleRss();
      const { checks } = await stop();
      process.send!({ type: 'result', cpuShare: (cpu.user + cpu.system) / 1000 / wallMs, peakRss, checks, wallMs });
    });
    process.send!({ type: 'started' });
  }
});
process.send!({ type: 'ready' });
