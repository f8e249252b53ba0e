import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App, type AppOptions } from '../../src/app/create-app';
import { readEnv } from '../../src/config/env';
import { parseConfig, type LoadedConfig } from '../../src/config/load-config';
import type { ConfigInput } from '../../src/config/schema';
import { TestAdapter } from '../fakes/test-adapter';

export interface TestApp extends App {
  adapter: TestAdapter;
  dataDir: string;
  logs: string[];
  /** Stops the app and removes its data directory. */
  close(): Promise<void>;
}

/**
 * The whole bot (real store in a temp dir, real HTTP server on a free port, every module and
 * script) behind a recording adapter. Pass `config` for a config file's contents; omit it for the sandbox.
 */
export async function startTestApp(options: { config?: ConfigInput; env?: Record<string, string>; dataDir?: string; scripts?: boolean; sandbox?: boolean } & Omit<Partial<AppOptions>, 'env'> = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'opsbot-test-'));
  const { config, env: vars, dataDir: _given, scripts, sandbox, ...rest } = options;
  const processEnv: Record<string, string> = { OPSBOT_DATA_DIR: dataDir, HTTP_PORT: '0', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...vars };
  const env = readEnv(processEnv);
  const loaded: LoadedConfig | undefined = config
    ? { config: parseConfig(config, 'test config'), baseDir: dataDir, sandbox: sandbox ?? false, secrets: [] }
    : undefined;
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const adapter = new TestAdapter();
  const app = await createApp({ env, processEnv, cwd: dataDir, loaded, adapter, logDestination, loadScriptsDir: scripts ?? true, ...rest });
  await app.start();
  return {
    ...app,
    adapter,
    dataDir,
    logs,
    async close() {
      await app.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
