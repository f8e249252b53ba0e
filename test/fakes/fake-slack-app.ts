import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app/create-app';
import { readEnv } from '../../src/config/env';
import { parseConfig } from '../../src/config/load-config';
import type { ConfigInput } from '../../src/config/schema';
import type { Robot } from '../../src/robot/robot';
import type { FakeSlack } from './fake-slack';

export interface SlackTestApp extends App {
  dataDir: string;
  logs: string[];
  /** Stops the bot; removes the data dir unless it was given. */
  close(): Promise<void>;
}

export interface SlackAppOptions {
  config?: ConfigInput;
  /** Extra or overriding environment (e.g. SLACK_SIGNING_SECRET with SLACK_APP_TOKEN: '' for HTTP mode). */
  env?: Record<string, string>;
  dataDir?: string;
  /** Load scripts/ (default false: tests register their own listeners in `setup`). */
  scripts?: boolean;
  /** Runs after wiring, before the adapter starts: add listeners here. */
  setup?: (robot: Robot) => void;
  /** Skip app.start() (to assert on a failing start). */
  noStart?: boolean;
}

/** The whole bot with the real Slack adapter (Bolt over real sockets) pointed at a fake Slack. */
export async function startSlackApp(slack: FakeSlack, options: SlackAppOptions = {}): Promise<SlackTestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'opsbot-slack-'));
  const processEnv: Record<string, string> = {
    OPSBOT_DATA_DIR: dataDir,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_APP_TOKEN: 'xapp-test-token',
    SLACK_API_URL: slack.url,
    ...options.env,
  };
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const config = parseConfig(options.config ?? { bot: { name: 'opsbot', adminChannel: 'ops-alerts' } }, 'test config');
  const app = await createApp({
    env: readEnv(processEnv),
    processEnv,
    cwd: dataDir,
    loaded: { config, baseDir: dataDir, sandbox: false, secrets: [] },
    logDestination,
    loadScriptsDir: options.scripts ?? false,
  });
  options.setup?.(app.robot);
  const handle: SlackTestApp = {
    ...app,
    dataDir,
    logs,
    async close() {
      await app.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (!options.noStart) await app.start();
  return handle;
}
