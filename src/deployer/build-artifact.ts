import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rm, stat, copyFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { SourceSpec } from '../config/sections/services';
import { OpsError, UserError } from '../robot/errors';
import { runFile, runShell } from './run-local';

export interface Artifact {
  file: string;
  checksum: string;
  bytes: number;
  commit: string;
}

export interface SourceOptions {
  service: string;
  source: SourceSpec;
  /** Mirrors and artifacts live under <dataDir>/deploy. */
  dataDir: string;
  /** Relative paths in the config resolve here. */
  baseDir: string;
}

const GIT_TIMEOUT = 120_000;
const mirrorLocks = new Map<string, Promise<unknown>>();

/** Resolves relative paths against the config file and `~` against the home directory. */
export function resolveConfigPath(path: string, baseDir: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

function gitUrl(url: string, baseDir: string): string {
  // scp-like (git@host:repo) and URL forms pass through; anything else is a local path.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/]+@[^/:]+:/.test(url) ? url : resolveConfigPath(url, baseDir);
}

/** One fetch at a time per mirror: two deploys of the same service must not race inside git. */
async function withMirror<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const before = mirrorLocks.get(dir) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(work);
  mirrorLocks.set(dir, run);
  try {
    return await run;
  } finally {
    if (mirrorLocks.get(dir) === run) mirrorLocks.delete(dir);
  }
}

async function git(args: string[], cwd: string | undefined, what: string): Promise<string> {
  const result = await runFile('git', args, { cwd, timeoutMs: GIT_TIMEOUT, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  if (result.code !== 0) throw new OpsError('upstream', `${what} failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-2).join(' ')}`);
  return result.stdout.trim();
}

/** Brings the local mirror up to date (cloning it the first time) and returns its directory. */
export async function updateMirror(options: SourceOptions): Promise<string> {
  const source = options.source;
  if (!('git' in source)) throw new Error('not a git source');
  const url = gitUrl(source.git, options.baseDir);
  const dir = join(options.dataDir, 'deploy', 'mirrors', `${options.service}.git`);
  return withMirror(dir, async () => {
    if (!existsSync(join(dir, 'HEAD'))) {
      await mkdir(join(options.dataDir, 'deploy', 'mirrors'), { recursive: true });
      await rm(dir, { recursive: true, force: true });
      await git(['clone', '--mirror', '--quiet', '--', url, dir], undefined, `cloning ${source.git}`);
    } else {
      await git(['remote', 'set-url', 'origin', url], dir, 'setting the mirror URL');
      await git(['fetch', '--prune', '--quiet', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], dir, `fetching ${source.git}`);
    }
    return dir;
  });
}

/** The full commit a (validated) ref names in the mirror. */
export async function resolveCommit(mirror: string, ref: string, service: string): Promise<string> {
  const result = await runFile('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd: mirror, timeoutMs: GIT_TIMEOUT });
  const commit = result.stdout.trim();
  if (result.code !== 0 || !/^[0-9a-f]{40}$/.test(commit)) throw new UserError(`${service} has no branch, tag or commit "${ref}"`);
  return commit;
}

/** Resolves the ref without building: dry runs and plans. */
export async function resolveSource(options: SourceOptions, ref: string | undefined): Promise<{ ref: string; commit: string }> {
  if ('git' in options.source) {
    const wanted = ref ?? options.source.ref;
    const mirror = await updateMirror(options);
    return { ref: wanted, commit: await resolveCommit(mirror, wanted, options.service) };
  }
  if (ref) throw new UserError(`${options.service} is built by a command (source.build); it takes no @ref`);
  return { ref: 'build', commit: await workingTreeCommit(options) };
}

async function workingTreeCommit(options: SourceOptions): Promise<string> {
  if ('git' in options.source) throw new Error('not a build source');
  const cwd = resolveConfigPath(options.source.cwd ?? '.', options.baseDir);
  const result = await runFile('git', ['rev-parse', 'HEAD'], { cwd, timeoutMs: 10_000 });
  return result.code === 0 && /^[0-9a-f]{40}$/.test(result.stdout.trim()) ? result.stdout.trim() : '0000000000000000000000000000000000000000';
}

/** Builds the release artifact once on the bot's machine: `git archive` of the commit, or the build command. */
export async function buildArtifact(options: SourceOptions, resolved: { ref: string; commit: string }, releaseId: string): Promise<Artifact> {
  const dir = join(options.dataDir, 'deploy', 'artifacts');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${options.service}-${releaseId}.tar.gz`);
  if ('git' in options.source) {
    const mirror = await updateMirror(options);
    await git(['archive', '--format=tar.gz', '-o', file, resolved.commit], mirror, `archiving ${resolved.commit.slice(0, 7)}`);
  } else {
    const cwd = resolveConfigPath(options.source.cwd ?? '.', options.baseDir);
    const result = await runShell(options.source.build, { cwd, timeoutMs: options.source.timeout, env: { SERVICE: options.service, RELEASE_ID: releaseId } });
    if (result.code !== 0) {
      throw new OpsError('upstream', `build command failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}`);
    }
    const built = resolveConfigPath(options.source.artifact, cwd);
    if (!existsSync(built)) throw new OpsError('config', `the build finished but source.artifact ${built} does not exist`);
    await copyFile(built, file);
  }
  const { size } = await stat(file);
  return { file, checksum: await sha256File(file), bytes: size, commit: resolved.commit };
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}
