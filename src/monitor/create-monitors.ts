import type { Logger } from 'pino';
import type { MonitorConfig } from '../config/sections/monitors';
import type { EventBus } from '../events/bus';
import type { Clock } from '../events/clock';
import type { Store } from '../store/store';
import { ChatMonitors } from './chat-monitors';
import { createCheckRunner, type CheckRunner } from './checks/run-check';
import { definitionsFromConfig } from './definitions';
import { MonitorRepository } from './monitor-repository';
import { MonitorService } from './monitor-service';
import type { CheckResult, MonitorDefinition } from './types';

export interface Monitors {
  service: MonitorService;
  chat: ChatMonitors;
}

export interface CreateMonitorsOptions {
  monitors: MonitorConfig[];
  baseDir: string;
  store: Store;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  runCheck?: CheckRunner;
  concurrency?: number;
  startSpreadMs?: number;
  random?: () => number;
  onCheck?: (monitor: MonitorDefinition, result: CheckResult) => void;
}

/** Config monitors plus those added from chat, with their persisted state, ready to start(). */
export async function createMonitors(options: CreateMonitorsOptions): Promise<Monitors> {
  const repository = new MonitorRepository(options.store);
  const service = new MonitorService({
    repository,
    bus: options.bus,
    clock: options.clock,
    logger: options.logger,
    runCheck: options.runCheck ?? createCheckRunner(options.clock),
    concurrency: options.concurrency,
    startSpreadMs: options.startSpreadMs,
    random: options.random,
    onCheck: options.onCheck,
  });
  const chat = new ChatMonitors(service, repository, () => options.clock.now());
  const fromConfig = definitionsFromConfig(options.monitors, options.baseDir);
  const configured = new Set(fromConfig.map((m) => m.name.toLowerCase()));
  const fromChat = (await chat.restore((name, error) => options.logger.warn({ monitor: name, err: error }, 'monitor: a monitor added from chat is no longer valid; skipped')))
    // A config monitor of the same name wins over one added from chat earlier.
    .filter((m) => !configured.has(m.name.toLowerCase()));
  await service.load([...fromConfig, ...fromChat]);
  return { service, chat };
}
