import { config as loadDotenv } from 'dotenv';
import { ConfigError } from './config/config-error';
import { EnvError, readEnv } from './config/env';
import { ScriptLoadError } from './robot/load-scripts';
import { createApp, type App } from './app/create-app';

/** Exit codes: 0 done, 1 failed at start or at run time, 2 bad configuration. */
async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  let app: App;
  try {
    const env = readEnv(process.env);
    app = await createApp({ env, processEnv: process.env });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof EnvError) {
      process.stderr.write(`opsbot: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ScriptLoadError) {
      process.stderr.write(`opsbot: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`opsbot: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }

  // A listener's stray promise must never take the bot down: log it (it reaches the admins).
  process.on('unhandledRejection', (reason) => app.robot.reportError(reason, { source: 'unhandledRejection' }));
  process.on('uncaughtException', (error) => app.robot.reportError(error, { source: 'uncaughtException' }));

  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.logger.info({ signal }, 'shutting down');
      app.stop().then(
        () => resolve(0),
        (error) => {
          app.logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    void app.adapter.finished?.then(() => stop('end of input'));
  });

  try {
    await app.start();
  } catch (error) {
    process.stderr.write(`opsbot: ${app.adapter.name} adapter could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    await app.stop().catch(() => undefined);
    return 1;
  }
  return stopped;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Sockets left by SDK clients must not keep a finished bot alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error) => {
    process.stderr.write(`opsbot: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
