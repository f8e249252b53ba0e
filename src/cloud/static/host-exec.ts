import { execFile } from 'node:child_process';

export interface ExecTarget {
  address: string;
  user?: string;
  port?: number;
}

/** The tiny transport the static provider needs: run one command on a host. */
export type HostExec = (host: ExecTarget, command: string) => Promise<{ code: number; stdout: string }>;

export interface SshExecOptions {
  identityFile?: string;
  knownHostsFile?: string;
  timeoutMs: number;
}

/**
 * "local" runs on this machine; anything else over the system's OpenSSH client, key-based
 * (BatchMode: never a password prompt) with host keys verified against known_hosts.
 */
export function createHostExec(options: SshExecOptions): HostExec {
  return (host, command) => {
    if (host.address === 'local') return run('sh', ['-c', command], options.timeoutMs);
    const args = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `ConnectTimeout=${Math.max(1, Math.ceil(options.timeoutMs / 1000))}`];
    if (options.identityFile) args.push('-i', options.identityFile);
    if (options.knownHostsFile) args.push('-o', `UserKnownHostsFile=${options.knownHostsFile}`);
    if (host.port) args.push('-p', String(host.port));
    args.push(host.user ? `${host.user}@${host.address}` : host.address, command);
    return run('ssh', args, options.timeoutMs);
  };
}

function run(file: string, args: string[], timeoutMs: number): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 }, (error, stdout) => {
      const code = error ? (typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? Number(error.code) : 255) : 0;
      resolve({ code, stdout: String(stdout) });
    });
  });
}
