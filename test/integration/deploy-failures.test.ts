import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ServicesSection } from '../../src/config/sections/services';
import { createDeployer } from '../../src/deployer/create-deployer';
import type { Deployer } from '../../src/deployer/deployer';
import { EventBus } from '../../src/events/bus';
import type { DeployFinished } from '../../src/events/ops-events';
import { SqliteStore } from '../../src/store/sqlite-store';
import { createReleaseRepo, restartCommand, startSshdHosts, stopReleaseServer, type SshdCluster } from '../helpers/sshd';
import { startTestApp, type TestApp } from '../helpers/start-app';

// Failure paths against real sshd hosts on 127.0.0.12-14: a failing install, a health check that
// never passes, refused host keys, and a host whose sshd dies in the middle of a rollout.

let cluster: SshdCluster;
let app: TestApp;
let work: string;
let repo: ReturnType<typeof createReleaseRepo>;
let httpPort: number;
let base: string;
const deployer = (): Deployer => app.robot.need('deployer');
const live = (host: { dir: string }) => readlinkSync(join(host.dir, 'api', 'current')).replace('releases/', '');
const healthOf = async (address: string) => ((await (await fetch(`http://${address}:${httpPort}/health`)).json()) as { release: string }).release;
const say = async (command: string) => (await app.adapter.say(command)).filter((text) => !/^(RESOLVED|FIRING|•)/.test(text));
const finished: DeployFinished[] = [];

function serviceConfig(overrides: Record<string, unknown> = {}) {
  return {
    hosts: cluster.hosts.map((h) => h.spec),
    defaultEnvironment: 'staging',
    ssh: { privateKeyPath: cluster.clientKey, knownHosts: cluster.knownHosts, connectTimeout: '3s' },
    source: { git: repo.path, ref: 'main' },
    path: `${cluster.mountPath}/api`,
    install: 'bash install.sh',
    restart: restartCommand(httpPort),
    health: { url: `http://{host}:${httpPort}/health`, timeout: '1s', retries: 5, interval: '100ms' },
    batch: [1, '100%'],
    ...overrides,
  };
}

beforeAll(async () => {
  cluster = await startSshdHosts(3, { firstAddress: 12 });
  work = mkdtempSync(join(tmpdir(), 'opsbot-deployfail-'));
  repo = createReleaseRepo(join(work, 'repo'));
  repo.commit('install fails', { 'install.sh': 'echo "npm ERR! missing: left-pad@1.3.0"\nexit 3\n' }, 'badinstall');
  httpPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
  app = await startTestApp({ config: { services: { api: serviceConfig() } }, sandbox: true, dataDir: join(work, 'data') });
  app.context.bus.on('deploy.finished', (event) => void finished.push(event));
  const report = await deployer().deploy({ service: 'api', user: 'setup' });
  expect(report.result.outcome).toBe('succeeded');
  base = report.plan.releaseId;
}, 30_000);

afterAll(async () => {
  await app?.close();
  for (const host of cluster?.hosts ?? []) stopReleaseServer(join(host.dir, 'api'));
  await cluster?.close();
  rmSync(work, { recursive: true, force: true });
});

it('stops at a failing install: no host switched, the thread has the output tail', async () => {
  const before = app.adapter.posted.length;
  const texts = await say('deploy api@badinstall');
  const summary = texts.find((t) => t.startsWith('❌'))!;
  expect(summary).toMatch(/failed after .*: root@127\.0\.0\.12:\d+ failed at install \(exit code 3\)/);
  const living = app.adapter.posted[before];
  const thread = app.adapter.posted.slice(before).filter((p) => p.thread === living.ts);
  expect(thread.map((p) => p.text).join('\n')).toContain('npm ERR! missing: left-pad@1.3.0');
  for (const host of cluster.hosts) {
    expect(live(host)).toBe(base);
    expect(await healthOf(host.address)).toBe(base);
  }
  expect(finished.at(-1)).toMatchObject({ outcome: 'failed', failedStep: 'install', ref: 'badinstall' });
});

it('rolls every switched host back when a health check never passes', async () => {
  const sick = cluster.hosts[2];
  repo.commit('sick on one host', { [`unhealthy-${sick.address}`]: 'x' }, 'sick');
  const report = await deployer().deploy({ service: 'api', ref: 'sick', user: 'alice' });
  expect(report.result).toMatchObject({ outcome: 'rolled_back', failedHost: sick.spec, failedStep: 'health' });
  expect(report.result.error).toMatch(/not healthy after 5 tries: .*HTTP 500/);
  for (const host of cluster.hosts) {
    expect(live(host)).toBe(base);
    // Restarted on the old release: the service answers with it again.
    expect(await healthOf(host.address)).toBe(base);
  }
  const byHost = Object.fromEntries(report.result.hosts.map((h) => [h.host, h]));
  expect(byHost[cluster.hosts[0].spec]).toMatchObject({ phase: 'rolled back', current: base });
  expect(byHost[sick.spec]).toMatchObject({ phase: 'failed', rolledBack: true, current: base });
  expect(finished.at(-1)!.hosts).toEqual(Object.fromEntries(cluster.hosts.map((h) => [h.spec, base])));
});

describe('host keys', () => {
  const isolated = async (ssh: Record<string, unknown>) => {
    const store = new SqliteStore({ file: join(work, `keys-${Math.random()}.db`), clock: { now: () => Date.now() } });
    const services = ServicesSection.parse({ api: serviceConfig({ ssh: { privateKeyPath: cluster.clientKey, connectTimeout: '3s', ...ssh } }) });
    const d = createDeployer({ services, store, bus: new EventBus(), logger: pino({ level: 'silent' }), dataDir: join(work, 'data'), baseDir: work });
    return { d, store };
  };

  it('refuses a host whose key changed and a host that is not known', async () => {
    // host1's line carries another key; host2 is missing.
    const otherKey = join(work, 'other_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
    const [h1, h2, h3] = cluster.hosts;
    const line = (host: typeof h1, pub: string) => `[${host.address}]:${host.port} ${pub.split(' ').slice(0, 2).join(' ')}`;
    const knownHosts = join(work, 'known_hosts_wrong');
    writeFileSync(knownHosts, `${line(h1, readFileSync(`${otherKey}.pub`, 'utf8'))}\n${line(h3, h3.hostKeyPub)}\n`);
    const { d, store } = await isolated({ knownHosts });
    const [status] = await d.status('api');
    const byHost = Object.fromEntries(status.hosts.map((h) => [h.host, h]));
    expect(byHost[h1.spec].error).toMatch(/^HOST KEY CHANGED: \[127\.0\.0\.12\]:\d+ presented ssh-ed25519 SHA256:\S+, which does not match/);
    expect(byHost[h2.spec].error).toMatch(/^unknown host key ssh-ed25519 SHA256:\S+ \(not in .*known_hosts_wrong\); verify it, then add it/);
    expect(byHost[h3.spec]).toMatchObject({ current: base });
    const report = await d.deploy({ service: 'api', user: 'mallory' });
    expect(report.result).toMatchObject({ outcome: 'failed', failedHost: h1.spec, failedStep: 'connect' });
    for (const host of cluster.hosts) expect(live(host)).toBe(base);
    await store.close();
  });

  it('accepts hosts by pinned SHA256 fingerprints', async () => {
    const fingerprints = cluster.hosts.map((h) => execFileSync('ssh-keygen', ['-lf', '-'], { input: h.hostKeyPub }).toString().split(' ')[1]);
    const { d, store } = await isolated({ fingerprints });
    const [status] = await d.status('api');
    expect(status.hosts.map((h) => h.current)).toEqual([base, base, base]);
    await store.close();
  });
});

// Last: it kills host2 for good.
it('rolls back when a host dies mid-rollout and says which host is on what', async () => {
  repo.commit('v2', { 'version.txt': 'v2\n' });
  const [h1, h2, h3] = cluster.hosts;
  let killed = false;
  const report = await deployer().deploy(
    { service: 'api', user: 'alice' },
    {
      progress: (snapshot) => {
        const host2 = snapshot.hosts.find((h) => h.host === h2.spec)!;
        if (!killed && host2.phase === 'unpacking') {
          killed = true;
          h2.kill();
        }
      },
    },
  );
  expect(killed).toBe(true);
  expect(report.result.outcome).toBe('rolled_back');
  const byHost = Object.fromEntries(report.result.hosts.map((h) => [h.host, h]));
  expect(byHost[h2.spec]).toMatchObject({ phase: 'failed', switched: false });
  expect(byHost[h2.spec].error).toMatch(/connection lost|timed out|Not connected|No response/i);
  expect(byHost[h1.spec]).toMatchObject({ phase: 'rolled back', current: base });
  expect(live(h1)).toBe(base);
  expect(live(h3)).toBe(base);
  expect(await healthOf(h1.address)).toBe(base);
  const [status] = await say('deploy status api');
  expect(status).toMatch(new RegExp(`${h2.spec.replace(/\./g, '\\.')}: unreachable \\(connection refused`));
  // The lock was released: the next deploy is not refused by a stale lock.
  expect(await app.context.store.get('deploy.locks', 'api/staging')).toBeUndefined();
}, 30_000);
