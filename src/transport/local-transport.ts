import { spawn } from 'node:child_process';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { OutputTail } from './output-tail';
import { DEFAULT_MAX_OUTPUT, TransportError, type ExecOptions, type ExecResult, type HostSession, type Transport } from './transport';

export interface LocalTransportOptions {
  /** Hosts are directories under this one (a host "web-1" is <root>/web-1). */
  root: string;
}

/**
 * Hosts that are directories on the bot's machine: the sandbox and tests use it. Remote absolute
 * paths live under the host's directory (session.root), commands run in bash with HOST_DIR set.
 */
export function createLocalTransport(options: LocalTransportOptions): Transport {
  return {
    async connect(host) {
      if (!/^[a-z0-9][a-z0-9._-]{0,62}$/i.test(host) || host.includes('..')) {
        throw new TransportError(host, 'local hosts are directory names of letters, digits, ".", "_" and "-"');
      }
      const dir = resolve(options.root, host);
      try {
        if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
      } catch {
        throw new TransportError(host, `host directory ${dir} does not exist`);
      }
      return new LocalSession(host, dir);
    },
  };
}

class LocalSession implements HostSession {
  constructor(
    readonly host: string,
    readonly root: string,
  ) {}

  exec(command: string, options: ExecOptions): Promise<ExecResult> {
    return new Promise((resolvePromise) => {
      const all = new OutputTail(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT);
      const stdout = new OutputTail(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT);
      // Own process group, so a timeout can stop the command and everything it started.
      const child = spawn('bash', ['-c', command], { cwd: this.root, env: { ...process.env, HOST_DIR: this.root, HOST: this.host }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let timedOut = false;
      let settled = false;
      const push = (chunk: Buffer, isStdout: boolean) => {
        const text = chunk.toString('utf8');
        all.push(text);
        if (isStdout) stdout.push(text);
        options.onOutput?.(text);
      };
      child.stdout.on('data', (chunk: Buffer) => push(chunk, true));
      child.stderr.on('data', (chunk: Buffer) => push(chunk, false));
      const timer = setTimeout(() => {
        timedOut = true;
        all.push(`\n[opsbot: no answer after ${Math.round(options.timeoutMs / 1000)}s; command stopped]\n`);
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, options.timeoutMs);
      const finish = (code: number | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolvePromise({ code: timedOut ? -1 : code ?? -1, output: all.toString(), stdout: stdout.toString(), truncated: all.truncated, timedOut });
      };
      child.on('error', (error) => {
        all.push(`${error.message}\n`);
        finish(-1);
      });
      // A daemon started by `restart` may keep our pipes open; the exit of bash is what counts.
      child.on('exit', (code) => setTimeout(() => finish(code), 50));
      child.on('close', (code) => finish(code));
    });
  }

  /** `remoteFile` is already under `root` (callers prefix remote paths with it). */
  async upload(localFile: string, remoteFile: string): Promise<void> {
    const target = resolve(remoteFile);
    if (!target.startsWith(`${this.root}/`)) throw new TransportError(this.host, `upload target ${remoteFile} is outside the host directory ${this.root}`);
    try {
      await mkdir(dirname(target), { recursive: true });
      await copyFile(localFile, target);
    } catch (error) {
      throw new TransportError(this.host, `upload to ${remoteFile} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  async close(): Promise<void> {}
}
