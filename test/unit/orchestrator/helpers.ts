import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { CloudProvider } from '../../../src/cloud/cloud-provider';
import { ScalingSection, type GroupConfig } from '../../../src/config/sections/scaling';
import { EventBus } from '../../../src/events/bus';
import type { ScaleDecided, ScaleFailed } from '../../../src/events/ops-events';
import { Orchestrator } from '../../../src/orchestrator/orchestrator';
import { SqliteStore } from '../../../src/store/sqlite-store';

export class ManualClock {
  constructor(public time: number) {}
  now = () => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export function groupConfig(input: Record<string, unknown>, provider = 'simulated'): GroupConfig {
  return ScalingSection.parse({ cloud: { provider }, groups: { web: { namePrefix: 'web-', ...input } } }).groups.web;
}

/** A real SQLite store in a temp dir, a manual clock and the events the orchestrator emits. */
export function orchestratorHarness(config: GroupConfig, provider: (store: SqliteStore, clock: ManualClock) => CloudProvider, start = Date.UTC(2025, 0, 6, 12)) {
  const dir = mkdtempSync(join(tmpdir(), 'opsbot-scale-'));
  const clock = new ManualClock(start);
  const store = new SqliteStore({ file: join(dir, 'opsbot.db'), clock });
  const bus = new EventBus();
  const decided: ScaleDecided[] = [];
  const failed: ScaleFailed[] = [];
  bus.on('scale.decided', (e) => decided.push(e));
  bus.on('scale.failed', (e) => failed.push(e));
  const cloud = provider(store, clock);
  const orchestrator = new Orchestrator({ groups: { web: config }, providerFor: () => cloud, store, bus, clock, logger: pino({ level: 'silent' }), traceDir: join(dir, 'traces') });
  return {
    dir,
    clock,
    store,
    cloud,
    orchestrator,
    decided,
    failed,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
