import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseHelpHeader } from './help';
import type { Robot } from './robot';

/** A script exports `default (robot) => void | Promise<void>`, like Hubot's. */
export type Script = (robot: Robot) => void | Promise<void>;

export class ScriptLoadError extends Error {
  constructor(
    readonly script: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`could not load script ${script}: ${reason}`, options);
    this.name = 'ScriptLoadError';
  }
}

export interface LoadScriptsOptions {
  /** The scripts/ folder: every .ts/.js file in it is loaded, in name order. */
  dir: string;
  /** Extra scripts from config: paths (relative to baseDir) or npm package names. */
  extra?: string[];
  baseDir: string;
}

export async function loadScripts(robot: Robot, options: LoadScriptsOptions): Promise<string[]> {
  const files = existsSync(options.dir)
    ? readdirSync(options.dir)
        .filter((name) => /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts'))
        .sort()
        .map((name) => join(options.dir, name))
    : [];
  const extra = (options.extra ?? []).map((entry) => resolveExtra(entry, options.baseDir));
  const loaded: string[] = [];
  for (const file of [...files, ...extra]) {
    const label = relative(process.cwd(), file) || file;
    await loadScript(robot, file, label);
    loaded.push(label);
  }
  return loaded;
}

function resolveExtra(entry: string, baseDir: string): string {
  const looksLikePath = entry.startsWith('.') || isAbsolute(entry) || extname(entry) !== '';
  if (looksLikePath) {
    const file = resolve(baseDir, entry);
    if (!existsSync(file)) throw new ScriptLoadError(entry, `no such file: ${file}`);
    return file;
  }
  try {
    return createRequire(join(baseDir, 'noop.js')).resolve(entry);
  } catch {
    throw new ScriptLoadError(entry, `npm package "${entry}" is not installed (npm install ${entry})`);
  }
}

async function loadScript(robot: Robot, file: string, label: string): Promise<void> {
  let exported: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(file);
  } catch (error) {
    throw new ScriptLoadError(label, firstLine(error), { cause: error });
  }
  const script = (exported as { default?: unknown }).default ?? exported;
  if (typeof script !== 'function') throw new ScriptLoadError(label, 'it must export a function as default: export default (robot) => { ... }');
  robot.setLoadingScript(label);
  try {
    await (script as Script)(robot);
  } catch (error) {
    throw new ScriptLoadError(label, firstLine(error), { cause: error });
  } finally {
    robot.setLoadingScript(undefined);
  }
  robot.addHelp(parseHelpHeader(label, readFileSync(file, 'utf8')));
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ').trim();
}
