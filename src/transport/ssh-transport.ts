import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { NodeSSH, type Config as SshConfig, type SSHExecCommandOptions } from 'node-ssh';
import { knownKeyTypes, parseKnownHosts, verifyHostKey, type HostKeyPolicy } from './host-keys';
import { OutputTail } from './output-tail';
import { parseHost } from './parse-host';
import { DEFAULT_MAX_OUTPUT, TransportError, type ExecOptions, type ExecResult, type HostSession, type Transport } from './transport';

export interface SshTransportOptions {
  /** Default user when the host spec has none (default: the bot's OS user). */
  user?: string;
  port?: number;
  privateKeyPath?: string;
  /** known_hosts file (plain and hashed `|1|` entries). */
  knownHostsPath?: string;
  /** Pinned "SHA256:..." host key fingerprints. */
  fingerprints?: string[];
}

// RSA keys are listed once in known_hosts as ssh-rsa but negotiated under these names.
const ALGORITHMS_FOR: Record<string, string[]> = { 'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] };

/** SSH through node-ssh; refuses any host whose key is not in known_hosts or pinned. */
export function createSshTransport(options: SshTransportOptions): Transport {
  const policy: HostKeyPolicy = { fingerprints: options.fingerprints, knownHostsFile: options.knownHostsPath };
  if (options.knownHostsPath) {
    try {
      policy.knownHosts = parseKnownHosts(readFileSync(options.knownHostsPath, 'utf8'));
    } catch (error) {
      // A missing file means "nothing is known yet": every host is refused with how to add it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      policy.knownHosts = [];
    }
  }
  let privateKey: string | undefined;
  const readKey = (host: string) => {
    if (!options.privateKeyPath) return undefined;
    try {
      privateKey ??= readFileSync(options.privateKeyPath, 'utf8');
      return privateKey;
    } catch (error) {
      throw new TransportError(host, `cannot read ssh.privateKeyPath ${options.privateKeyPath}: ${(error as Error).message}`);
    }
  };

  return {
    async connect(host, { timeoutMs }) {
      const address = parseHost(host);
      if (typeof address === 'string') throw new TransportError(host, address);
      const port = address.port ?? options.port ?? 22;
      const username = address.user ?? options.user ?? userInfo().username;
      let refusal: string | undefined;
      const types = knownKeyTypes(policy, address.hostname, port).flatMap((type) => ALGORITHMS_FOR[type] ?? [type]);
      const config: SshConfig = {
        host: address.hostname,
        port,
        username,
        privateKey: readKey(host),
        readyTimeout: timeoutMs,
        keepaliveInterval: 5000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer) => {
          const verdict = verifyHostKey(policy, address.hostname, port, key);
          if (!verdict.ok) refusal = verdict.reason;
          return verdict.ok;
        },
        // Ask for a key type we can check, so a host with several keys is not refused by accident.
        ...(types.length > 0 && !policy.fingerprints?.length ? { algorithms: { serverHostKey: types as never } } : {}),
      };
      const ssh = new NodeSSH();
      try {
        await ssh.connect(config);
      } catch (error) {
        ssh.dispose();
        throw new TransportError(host, refusal ?? describeConnectError(error, username, port), { cause: error });
      }
      return new SshSession(host, ssh);
    },
  };
}

function describeConnectError(error: unknown, user: string, port: number): string {
  const err = error as NodeJS.ErrnoException & { level?: string };
  if (err.code === 'ECONNREFUSED') return `connection refused on port ${port} (is sshd running?)`;
  if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH') return 'host unreachable';
  if (err.code === 'ENOTFOUND') return 'unknown host name';
  if (err.level === 'client-authentication') return `authentication failed for user ${user} (check ssh.privateKeyPath and authorized_keys)`;
  if (/timed out/i.test(err.message ?? '')) return 'timed out connecting';
  return err.message || String(error);
}

class SshSession implements HostSession {
  readonly root = '';

  private lostReason?: string;

  constructor(
    readonly host: string,
    private readonly ssh: NodeSSH,
  ) {
    // ssh2 emits 'error' when the link drops (a host dies mid-deploy); unhandled, it would crash the bot.
    ssh.connection?.on('error', (error: Error) => (this.lostReason ??= error.message));
  }

  async exec(command: string, options: ExecOptions): Promise<ExecResult> {
    const all = new OutputTail(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT);
    const stdout = new OutputTail(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT);
    let channel: Parameters<NonNullable<SSHExecCommandOptions['onChannel']>>[0] | undefined;
    let timer: NodeJS.Timeout | undefined;
    const onChunk = (chunk: Buffer, isStdout: boolean) => {
      const text = chunk.toString('utf8');
      all.push(text);
      if (isStdout) stdout.push(text);
      options.onOutput?.(text);
    };
    const run = this.ssh
      .execCommand(command, {
        noTrim: true,
        onChannel: (c) => (channel = c),
        onStdout: (chunk) => onChunk(chunk, true),
        onStderr: (chunk) => onChunk(chunk, false),
      })
      .then((response) => ({ code: response.code ?? -1, signal: response.signal }))
      .catch((error: Error) => ({ code: -1, signal: null as string | null, error }));
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs)));
    const outcome = await Promise.race([run, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      channel?.close();
      all.push(`\n[opsbot: no answer after ${Math.round(options.timeoutMs / 1000)}s; command abandoned]\n`);
      return { code: -1, output: all.toString(), stdout: stdout.toString(), truncated: all.truncated, timedOut: true };
    }
    if ('error' in outcome && outcome.error) all.push(`\n[opsbot: connection lost: ${this.lostReason ?? outcome.error.message}]\n`);
    else if (outcome.code === -1) all.push(`\n[opsbot: connection lost${outcome.signal ? ` (signal ${outcome.signal})` : ''}]\n`);
    return { code: outcome.code, output: all.toString(), stdout: stdout.toString(), truncated: all.truncated, timedOut: false };
  }

  async upload(localFile: string, remoteFile: string, { timeoutMs }: { timeoutMs: number }): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TransportError(this.host, `upload of ${remoteFile} timed out after ${Math.round(timeoutMs / 1000)}s`)), timeoutMs);
    });
    try {
      await Promise.race([this.ssh.putFile(localFile, remoteFile), timeout]);
    } catch (error) {
      if (error instanceof TransportError) throw error;
      throw new TransportError(this.host, `upload to ${remoteFile} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    try {
      this.ssh.dispose();
    } catch {
      // the connection is already gone
    }
  }
}
