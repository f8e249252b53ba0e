import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, problemsFromZod } from './config-error';
import type { Env } from './env';
import { interpolateEnv } from './interpolate';
import { buildSandboxConfig } from '../sandbox/sandbox-config';
import { ConfigSchema, type Config } from './schema';

export interface LoadedConfig {
  config: Config;
  /** The file it came from; undefined on the built-in sandbox. */
  file?: string;
  /** Directory relative paths in the config resolve against. */
  baseDir: string;
  sandbox: boolean;
  /** Values interpolated from the environment: secrets to redact everywhere. */
  secrets: string[];
}

/** Finds, reads, interpolates and validates the config; throws ConfigError listing every problem. */
export function loadConfig(env: Env, processEnv: Record<string, string | undefined>, cwd = process.cwd()): LoadedConfig {
  const file = env.OPSBOT_CONFIG ? resolve(cwd, env.OPSBOT_CONFIG) : resolve(cwd, 'opsbot.yaml');
  if (!existsSync(file)) {
    if (env.OPSBOT_CONFIG) throw new ConfigError(env.OPSBOT_CONFIG, [{ path: '(file)', message: `not found: ${file}` }]);
    const dataDir = resolve(cwd, env.OPSBOT_DATA_DIR);
    return { config: parseConfig(buildSandboxConfig({ dataDir }), 'built-in sandbox'), baseDir: cwd, sandbox: true, secrets: [] };
  }
  const { config, secrets } = parseConfigText(readFileSync(file, 'utf8'), file, processEnv);
  return { config, file, baseDir: dirname(file), sandbox: false, secrets };
}

export function parseConfigText(text: string, source: string, processEnv: Record<string, string | undefined>): { config: Config; secrets: string[] } {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(source, document.errors.map((error) => ({ path: `(yaml, line ${error.linePos?.[0]?.line ?? '?'})`, message: error.message.split('\n')[0] })));
  }
  const raw = document.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(source, [{ path: '(root)', message: 'expected a mapping of sections (bot, services, monitors, ...)' }]);
  }
  const interpolated = interpolateEnv(raw, processEnv);
  const parsed = ConfigSchema.safeParse(interpolated.value);
  const problems = [...interpolated.problems, ...(parsed.success ? [] : problemsFromZod(parsed.error))];
  if (problems.length > 0 || !parsed.success) throw new ConfigError(source, problems);
  return { config: parsed.data, secrets: interpolated.secrets };
}

export function parseConfig(raw: unknown, source: string): Config {
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(source, problemsFromZod(parsed.error));
  return parsed.data;
}
