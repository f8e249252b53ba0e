import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real OpenSSH hosts on loopback for deploy tests: host N listens on 127.0.0.(N+1), has its own
 * host key and its own root directory bind-mounted (in a private mount namespace) onto the same
 * path, e.g. /srv/opsbot-test, so every host sees "/srv/opsbot-test" with its own contents.
 * Needs root (`unshare --mount`), as CI has.
 */
export interface SshdHost {
  name: string;
  address: string;
  port: number;
  /** The host's own directory on this machine (what it sees at mountPath). */
  dir: string;
  /** "root@127.0.0.2:port": the host as written in a service's config. */
  spec: string;
  hostKeyPub: string;
  pid: number;
  /** SIGKILLs this host's sshd and every session it started (connections drop). */
  kill(): void;
}

export interface SshdCluster {
  hosts: SshdHost[];
  /** Private key authorized on every host. */
  clientKey: string;
  /** known_hosts with every host's key, hashed (|1|...) like `HashKnownHosts yes` writes them. */
  knownHosts: string;
  mountPath: string;
  dir: string;
  port: number;
  close(): Promise<void>;
}

export async function startSshdHosts(count: number, options: { mountPath?: string; firstAddress?: number } = {}): Promise<SshdCluster> {
  const mountPath = options.mountPath ?? '/srv/opsbot-test';
  const first = options.firstAddress ?? 2;
  const dir = mkdtempSync(join(tmpdir(), 'opsbot-sshd-'));
  mkdirSync('/run/sshd', { recursive: true });
  mkdirSync(mountPath, { recursive: true });
  const clientKey = join(dir, 'client_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  const port = await freePort();
  const children: ChildProcess[] = [];
  const hosts: SshdHost[] = [];
  const known: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `host${i + 1}`;
    const address = `127.0.0.${first + i}`;
    const hostDir = join(dir, name);
    mkdirSync(join(hostDir, 'root'), { recursive: true });
    const hostKey = join(hostDir, 'host_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    const hostKeyPub = readFileSync(`${hostKey}.pub`, 'utf8').trim();
    const config = join(hostDir, 'sshd_config');
    writeFileSync(
      config,
      [
        `ListenAddress ${address}:${port}`,
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PidFile none',
        'UsePAM no',
        'PermitRootLogin yes',
        'StrictModes no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UseDNS no',
        'MaxStartups 200',
        'MaxSessions 200',
        'LogLevel ERROR',
        'Subsystem sftp internal-sftp',
        '',
      ].join('\n'),
    );
    // bash sources ~/.bashrc for commands run by sshd; this machine's root .bashrc is slow
    // (pyenv), so the hosts get an empty one, like a fresh server.
    const quiet = existsSync('/root/.bashrc') ? `mount --bind /dev/null /root/.bashrc && ` : '';
    const script = `mount --bind '${join(hostDir, 'root')}' '${mountPath}' && ${quiet}exec /usr/sbin/sshd -D -e -f '${config}'`;
    const child = spawn('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', () => undefined);
    children.push(child);
    known.push(`[${address}]:${port} ${hostKeyPub.split(' ').slice(0, 2).join(' ')}`);
    hosts.push({ name, address, port, dir: join(hostDir, 'root'), spec: `root@${address}:${port}`, hostKeyPub, pid: child.pid!, kill: () => killTree(child.pid!) });
  }
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `${known.join('\n')}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', knownHosts], { stdio: 'ignore' });
  rmSync(`${knownHosts}.old`, { force: true });
  try {
    await Promise.all(hosts.map((host) => waitForPort(host.address, port, 10_000)));
  } catch (error) {
    for (const child of children) if (child.pid) killTree(child.pid);
    throw error;
  }
  return {
    hosts,
    clientKey,
    knownHosts,
    mountPath,
    dir,
    port,
    async close() {
      for (const host of hosts) host.kill();
      await new Promise((resolve) => setTimeout(resolve, 50));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Kills a process and all its descendants (sshd forks one process per connection). */
export function killTree(pid: number): void {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const all: number[] = [];
  const walk = (p: number) => {
    all.push(p);
    for (const child of children.get(p) ?? []) walk(child);
  };
  walk(pid);
  for (const p of all) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd on ${host}:${port} did not start within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// ---- a release repository for deploy tests and benchmarks ---------------------------------------

/**
 * A git repository whose releases run a tiny HTTP service: `server.js` listens on the host's own
 * address (the third field of $SSH_CONNECTION) and answers /health with its release id, or 500
 * when the release contains a file named `unhealthy` or `unhealthy-<address>` (one sick host).
 */
export function createReleaseRepo(dir: string): { path: string; commit(message: string, files: Record<string, string | null>, branch?: string): string } {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=main');
  const commit = (message: string, files: Record<string, string | null>, branch?: string) => {
    if (branch) git('checkout', '--quiet', '-B', branch);
    for (const [file, content] of Object.entries(files)) {
      if (content === null) rmSync(join(dir, file), { force: true });
      else writeFileSync(join(dir, file), content);
    }
    git('add', '-A');
    git('commit', '--quiet', '--allow-empty', '-m', message);
    const sha = git('rev-parse', 'HEAD');
    if (branch) git('checkout', '--quiet', 'main');
    return sha;
  };
  commit('v1', { 'server.js': SERVER_JS, 'install.sh': 'echo installing; test -f server.js\n', 'version.txt': 'v1\n' });
  return { path: dir, commit };
}

const SERVER_JS = `
const http = require('http');
const fs = require('fs');
const [address, port] = process.argv.slice(2);
const release = process.env.RELEASE_ID || 'unknown';
const unhealthy = fs.existsSync(__dirname + '/unhealthy') || fs.existsSync(__dirname + '/unhealthy-' + address);
http.createServer((req, res) => {
  res.statusCode = unhealthy ? 500 : 200;
  res.end(JSON.stringify({ release, address }));
}).listen(Number(port), address);
`;

/**
 * Restart command for releases of createReleaseRepo: stop the old server (pidfile), start the new
 * one. `program` gets the host's address and the port (`node server.js` by default).
 */
export function restartCommand(httpPort: number, program = 'node server.js'): string {
  return [
    'addr=$(echo "$SSH_CONNECTION" | cut -d" " -f3)',
    'pidfile="$DEPLOY_PATH/app.pid"',
    // A killed server may linger as a zombie (PID 1 here may not reap): wait until it is gone or dead.
    'if [ -f "$pidfile" ]; then old=$(cat "$pidfile"); kill "$old" 2>/dev/null; for i in $(seq 100); do case "$(sed -n "s/^State:[[:space:]]*\\(.\\).*/\\1/p" /proc/$old/status 2>/dev/null)" in ""|Z) break;; esac; sleep 0.02; done; fi',
    `setsid nohup ${program} "$addr" ${httpPort} > "$DEPLOY_PATH/app.log" 2>&1 < /dev/null &`,
    'echo $! > "$pidfile"',
  ].join('\n');
}

/** Stops the HTTP service a release started under `deployPath` (its app.pid). */
export function stopReleaseServer(deployPath: string): void {
  try {
    process.kill(Number(readFileSync(join(deployPath, 'app.pid'), 'utf8').trim()), 'SIGKILL');
  } catch {
    // not running
  }
}
