import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Adapter } from '../adapters/adapter';
import { ShellAdapter } from '../adapters/shell';
import { createSlackAdapter } from '../adapters/slack/create-slack-adapter';
import { SECRET_ENV, type Env } from '../config/env';
import { loadConfig, type LoadedConfig } from '../config/load-config';
import { EventBus } from '../events/bus';
import { systemClock, type Clock } from '../events/clock';
import { closeServer, createHttpApp, listen, portOf } from '../http/create-server';
import { createMetrics } from '../http/metrics';
import { createLogger } from '../log/create-logger';
import { RedactingDelivery } from '../log/redacting-delivery';
import { Redactor } from '../log/redactor';
import { createDelivery } from '../outbox/create-delivery';
import { loadScripts } from '../robot/load-scripts';
import { Robot } from '../robot/robot';
import { SqliteStore } from '../store/sqlite-store';
import type { AppContext, AppModule } from './context';
import { alertsModule } from './modules/alerts';
import { authModule } from './modules/auth';
import { deployModule } from './modules/deploy';
import { monitorModule } from './modules/monitor';
import { scaleModule } from './modules/scale';
import { slackModule } from './modules/slack';
import { readVersion } from './version';

/** Capability wiring, in order: alerts first so later modules' events have a subscriber. */
const MODULES: AppModule[] = [alertsModule, slackModule, deployModule, scaleModule, monitorModule, authModule];

export interface AppOptions {
  env: Env;
  processEnv?: Record<string, string | undefined>;
  cwd?: string;
  /** Given config (tests); otherwise loaded from OPSBOT_CONFIG / opsbot.yaml / the sandbox. */
  loaded?: LoadedConfig;
  /** Given adapter (tests); otherwise chosen from the environment. */
  adapter?: Adapter;
  clock?: Clock;
  logDestination?: NodeJS.WritableStream;
  scriptsDir?: string;
  /** Skip loading scripts/ (unit tests of the core register their own listeners). */
  loadScriptsDir?: boolean;
}

export interface App {
  context: AppContext;
  robot: Robot;
  logger: Logger;
  server: Server;
  port: number;
  adapter: Adapter;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function chooseAdapterName(env: Env): 'shell' | 'slack' {
  if (env.BOT_ADAPTER) return env.BOT_ADAPTER;
  return env.SLACK_BOT_TOKEN && (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) ? 'slack' : 'shell';
}

/** The composition root: config → store → capabilities → robot → scripts → HTTP → adapter. */
export async function createApp(options: AppOptions): Promise<App> {
  const env = options.env;
  const processEnv = options.processEnv ?? {};
  const cwd = options.cwd ?? process.cwd();
  const clock = options.clock ?? systemClock;
  const loaded = options.loaded ?? loadConfig(env, processEnv, cwd);
  const config = loaded.config;
  const dataDir = resolve(cwd, env.OPSBOT_DATA_DIR);
  const adapterName = options.adapter?.name ?? chooseAdapterName(env);

  const redactor = new Redactor([...loaded.secrets, ...SECRET_ENV.map((name) => processEnv[name])].filter((v): v is string => Boolean(v)));
  const bus = new EventBus();
  const destination = options.logDestination ?? process.stderr;
  const logger = createLogger({
    level: env.LOG_LEVEL ?? (adapterName === 'shell' ? 'warn' : 'info'),
    format: env.LOG_FORMAT ?? ((destination as NodeJS.WriteStream).isTTY ? 'pretty' : 'json'),
    redactor,
    bus,
    destination,
  });
  const store = new SqliteStore({ file: join(dataDir, 'opsbot.db'), clock });
  const metrics = createMetrics({ defaults: !options.adapter });

  const adapter =
    options.adapter ??
    (adapterName === 'slack'
      ? createSlackAdapter({ env, config, logger: logger.child({ adapter: 'slack' }), store })
      : new ShellAdapter({ historyFile: join(dataDir, 'shell_history'), banner: loaded.sandbox ? sandboxBanner(config.bot.name) : undefined }));
  const delivery = new RedactingDelivery(createDelivery({ adapter, store, logger: logger.child({ component: 'delivery' }), clock, metrics, adminChannel: config.bot.adminChannel }), redactor);

  const robot = new Robot({
    name: env.BOT_NAME ?? config.bot.name,
    aliases: config.bot.aliases,
    logger,
    bus,
    delivery,
    clock,
    metrics,
    store,
    adminChannel: config.bot.adminChannel,
    version: readVersion(),
    sandbox: loaded.sandbox,
  });
  const http = createHttpApp(robot, { adapterName, adapterConnected: () => adapter.connected() });
  const context: AppContext = { config, loaded, env, processEnv, logger, bus, clock, store, metrics, redactor, robot, adapter, http, dataDir, sandbox: loaded.sandbox };

  try {
    for (const module of MODULES) await module(context);
    if (options.loadScriptsDir !== false) {
      await loadScripts(robot, { dir: options.scriptsDir ?? resolve(__dirname, '..', '..', 'scripts'), extra: config.scripts, baseDir: loaded.baseDir });
    }
  } catch (error) {
    await robot.shutdown(1000);
    await store.close();
    throw error;
  }

  const server = await listenWithFallback(http, env.HTTP_PORT ?? config.http.port, adapterName === 'shell', logger);
  const port = portOf(server);
  logger.info({ port, adapter: adapterName, sandbox: loaded.sandbox, config: loaded.file ?? 'built-in sandbox' }, 'opsbot ready');

  let stopped = false;
  return {
    context,
    robot,
    logger,
    server,
    port,
    adapter,
    start: () => adapter.start(robot),
    async stop() {
      if (stopped) return;
      stopped = true;
      await adapter.stop();
      await robot.shutdown();
      await delivery.flush(5000);
      await closeServer(server);
      await store.close();
    },
  };
}

async function listenWithFallback(http: AppContext['http'], port: number, mayFallBack: boolean, logger: Logger): Promise<Server> {
  try {
    return await listen(http, port);
  } catch (error) {
    // A second shell on the same machine should still open; a Slack bot must own its port.
    if (!mayFallBack || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const server = await listen(http, 0);
    logger.warn({ wanted: port, port: portOf(server) }, 'HTTP port in use; listening on a free port instead');
    return server;
  }
}

function sandboxBanner(name: string): string {
  return [
    `${name} sandbox: no opsbot.yaml and no Slack tokens, so this is the built-in sandbox.`,
    'Hosts are folders under ./var, the fleet is simulated, everyone may run every command.',
    'Type `help` to see the commands, Ctrl-D to leave.',
  ].join('\n');
}
