import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Adapter } from '../adapters/adapter';
import type { Env } from '../config/env';
import type { LoadedConfig } from '../config/load-config';
import type { Config } from '../config/schema';
import type { Clock } from '../events/clock';
import type { EventBus } from '../events/bus';
import type { Metrics } from '../http/metrics';
import type { Redactor } from '../log/redactor';
import type { Robot } from '../robot/robot';
import type { Store } from '../store/store';

/** What the composition root hands to each capability module while wiring the bot. */
export interface AppContext {
  config: Config;
  loaded: LoadedConfig;
  env: Env;
  /** The whole process environment (AWS SDK credentials etc. are read by the SDK itself). */
  processEnv: Record<string, string | undefined>;
  logger: Logger;
  bus: EventBus;
  clock: Clock;
  store: Store;
  metrics: Metrics;
  redactor: Redactor;
  robot: Robot;
  adapter: Adapter;
  http: Express;
  /** Absolute data directory (OPSBOT_DATA_DIR): the store file, sandbox hosts, mirrors. */
  dataDir: string;
  sandbox: boolean;
}

/**
 * A capability's wiring: registers services on robot.services, middleware, jobs, HTTP routes and
 * event subscriptions. Runs before scripts load. Cleanup goes through robot.onShutdown().
 */
export type AppModule = (context: AppContext) => void | Promise<void>;
