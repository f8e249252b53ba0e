import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ServicesSection } from '../../../src/config/sections/services';
import { createDeployer } from '../../../src/deployer/create-deployer';
import type { Deployer } from '../../../src/deployer/deployer';
import { EventBus } from '../../../src/events/bus';
import type { DeployFinished, DeployStarted } from '../../../src/events/ops-events';
import { OpsError, UserError } from '../../../src/robot/errors';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { createLocalTransport } from '../../../src/transport/local-transport';
import type { Transport } from '../../../src/transport/transport';

// The deployer end to end on the local transport (hosts are folders), with a real git source and
// a real SQLite store; the SSH path is covered by test/integration/deploy-*.test.ts.

let dir: string;
let repo: string;
let store: SqliteStore;
const HOSTS = ['web-1', 'web-2', 'web-3'];
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', ...args], { cwd: repo, encoding: 'utf8' }).trim();
const commit = (files: Record<string, string>, branch = 'main') => {
  git('checkout', '--quiet', '-B', branch);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(repo, name), content);
  git('add', '-A');
  git('commit', '--quiet', '-m', 'x');
  const sha = git('rev-parse', 'HEAD');
  git('checkout', '--quiet', 'main');
  return sha;
};
const live = (host: string) => readlinkSync(join(dir, 'hosts', host, 'srv/app/current')).replace('releases/', '');
const running = (host: string) => readFileSync(join(dir, 'hosts', host, 'srv/app/running'), 'utf8').trim();

function make(overrides: Record<string, unknown> = {}, extra: { transport?: (t: Transport) => Transport; bootId?: string; clock?: { now(): number } } = {}) {
  const services = ServicesSection.parse({
    app: {
      transport: 'local',
      hostsDir: join(dir, 'hosts'),
      hosts: HOSTS,
      source: { git: repo, ref: 'main' },
      path: '/srv/app',
      install: 'test -f ok-install',
      restart: 'echo "$RELEASE_ID" > "$DEPLOY_PATH/running"',
      health: { command: 'test ! -f "unhealthy-$DEPLOY_HOST"', retries: 2, interval: '1s' },
      batch: 1,
      keepReleases: 2,
      environments: { staging: { hosts: ['web-1'] } },
      ...overrides,
    },
  });
  const bus = new EventBus();
  const events: Array<DeployStarted | DeployFinished> = [];
  bus.on('deploy.started', (e) => void events.push(e));
  bus.on('deploy.finished', (e) => void events.push(e));
  const local = createLocalTransport({ root: join(dir, 'hosts') });
  const deployer = createDeployer({
    services,
    store,
    bus,
    logger: pino({ level: 'silent' }),
    dataDir: join(dir, 'data'),
    baseDir: dir,
    sleep: async () => undefined,
    bootId: extra.bootId,
    clock: extra.clock,
    transportFactory: () => (extra.transport ? extra.transport(local) : local),
  });
  return { deployer, events };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsbot-deployer-'));
  for (const host of HOSTS) mkdirSync(join(dir, 'hosts', host), { recursive: true });
  repo = join(dir, 'repo');
  mkdirSync(repo);
  git('init', '--quiet', '--initial-branch=main');
  commit({ 'ok-install': '1', 'version.txt': 'v1' });
  store = new SqliteStore({ file: join(dir, 'store.db'), clock: { now: () => Date.now() } });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function deployOk(deployer: Deployer, ref?: string) {
  const report = await deployer.deploy({ service: 'app', user: 'alice', ref, environment: 'production' });
  expect(report.result.outcome).toBe('succeeded');
  return report.plan.releaseId;
}

it('deploys, records history and announces started/finished', async () => {
  const { deployer, events } = make();
  const release = await deployOk(deployer);
  for (const host of HOSTS) {
    expect(live(host)).toBe(release);
    expect(running(host)).toBe(release);
    expect(readFileSync(join(dir, 'hosts', host, 'srv/app/current/version.txt'), 'utf8')).toBe('v1');
  }
  expect(events.map((e) => ('outcome' in e ? `finished:${e.outcome}` : 'started'))).toEqual(['started', 'finished:succeeded']);
  expect(events[1]).toMatchObject({ service: 'app', environment: 'production', releaseId: release, user: 'alice', hosts: { 'web-1': release, 'web-2': release, 'web-3': release } });
  const [record] = await deployer.history('app');
  expect(record).toMatchObject({ outcome: 'succeeded', releaseId: release, ref: 'main', interrupted: false });
  // The artifact built for the deploy is not left behind.
  expect(readdirSync(join(dir, 'data', 'deploy', 'artifacts'))).toEqual([]);
});

it('quotes every value it puts into a remote command', async () => {
  const commands: string[] = [];
  const recording = (inner: Transport): Transport => ({
    async connect(host, options) {
      const session = await inner.connect(host, options);
      return { host, root: session.root, exec: (command, o) => (commands.push(command), session.exec(command, o)), upload: (a, b, o) => session.upload(a, b, o), close: () => session.close() };
    },
  });
  const { deployer } = make({}, { transport: recording });
  const release = await deployOk(deployer);
  const [record] = await deployer.history('app');
  expect(commands.length).toBeGreaterThanOrEqual(15);
  for (const command of commands) {
    // Strip single-quoted words and the operator's own templates: no value may remain outside quotes.
    const unquoted = command.replace(/'(?:[^']|'\\'')*'/g, "''");
    for (const value of [release, record.commit, dir]) expect(unquoted).not.toContain(value);
  }
});

it('shows a dry run without touching any host', async () => {
  const { deployer } = make({ batch: [1, '100%'] });
  const plan = await deployer.plan({ service: 'app', user: 'alice' });
  expect(plan.batches).toEqual([['web-1'], ['web-2', 'web-3']]);
  expect(plan.steps.map((s) => s.step)).toEqual(['prepare', 'upload', 'verify + unpack', 'install', 'switch', 'restart', 'health', 'prune']);
  expect(plan.steps.find((s) => s.step === 'switch')!.command).toMatch(/ln -sfn 'releases\/\d{8}-\d{6}-[0-9a-f]{7}' .* && mv -T /);
  for (const host of HOSTS) expect(readdirSync(join(dir, 'hosts', host))).toEqual([]);
});

it('stops at a failing host, keeps the others untouched, and tolerates failures within maxFailures', async () => {
  const { deployer } = make();
  const first = await deployOk(deployer);
  const broken = commit({ 'ok-install': '1', 'version.txt': 'v2' });
  writeFileSync(join(dir, 'hosts', 'web-2', 'srv/app/unhealthy-web-2'), '');
  const sick = make({ health: { command: 'test ! -f "$DEPLOY_PATH/unhealthy-$DEPLOY_HOST"', retries: 2, interval: '1s' } }).deployer;
  const report = await sick.deploy({ service: 'app', user: 'bob' });
  expect(report.result).toMatchObject({ outcome: 'rolled_back', failedHost: 'web-2', failedStep: 'health' });
  expect(report.plan.commit).toBe(broken);
  expect(HOSTS.map(live)).toEqual([first, first, first]);
  expect(HOSTS.map(running)).toEqual([first, first, first]);
  const tolerant = make({ maxFailures: 1, health: { command: 'test ! -f "$DEPLOY_PATH/unhealthy-$DEPLOY_HOST"', retries: 2, interval: '1s' } }).deployer;
  const partial = await tolerant.deploy({ service: 'app', user: 'bob' });
  expect(partial.result.outcome).toBe('succeeded');
  expect(live('web-1')).toBe(partial.plan.releaseId);
  expect(live('web-2')).toBe(first);
  expect(live('web-3')).toBe(partial.plan.releaseId);
});

it('reports a failing install with its step and output', async () => {
  const { deployer } = make({ install: 'echo "compiling"; echo "error: missing dep" >&2; exit 7' });
  const report = await deployer.deploy({ service: 'app', user: 'alice' });
  expect(report.result).toMatchObject({ outcome: 'failed', failedHost: 'web-1', failedStep: 'install', error: 'exit code 7' });
  const host = report.result.hosts[0];
  expect(host.output).toContain('error: missing dep');
  expect(report.result.hosts.slice(1).map((h) => h.phase)).toEqual(['not started', 'not started']);
  expect(existsSync(join(dir, 'hosts', 'web-1', 'srv/app/current'))).toBe(false);
});

it('cancels after the current batch and rolls that batch back', async () => {
  const { deployer } = make();
  const first = await deployOk(deployer);
  commit({ 'ok-install': '1', 'version.txt': 'v2' });
  let asked: Promise<string> | undefined;
  const report = await deployer.deploy(
    { service: 'app', user: 'alice' },
    { progress: (s) => void (s.hosts[0].phase === 'installing' && (asked ??= deployer.cancel('app', undefined, 'carol'))) },
  );
  expect(await asked).toMatch(/stops after the current batch/);
  expect(report.result.outcome).toBe('cancelled');
  expect(report.result.hosts.map((h) => h.phase)).toEqual(['rolled back', 'not started', 'not started']);
  expect(HOSTS.map(live)).toEqual([first, first, first]);
  await expect(deployer.cancel('app', undefined, 'carol')).rejects.toThrow(/no deploy of app to production is running/);
});

it('refuses a locked service, naming the holder, and shows an interrupted deploy after a restart', async () => {
  const { deployer } = make({}, { bootId: 'first-run' });
  await deployer.lock('app', undefined, 'dave', 'db migration');
  await expect(deployer.deploy({ service: 'app', user: 'alice' })).rejects.toThrow(/app to production is locked by dave just now: db migration/);
  expect(await deployer.unlock('app', undefined, 'erin')).toBe('app to production unlocked (it was locked by dave)');

  // While the first bot runs a deploy, a restarted bot (another boot id) sees it as interrupted.
  const restarted = make({}, { bootId: 'second-run' }).deployer;
  let seen: Promise<unknown> | undefined;
  await deployer.deploy(
    { service: 'app', user: 'alice' },
    {
      progress: () =>
        void (seen ??= (async () => {
          const [status] = await restarted.status('app');
          const [record] = await restarted.history('app', 1);
          const refusal = await restarted.deploy({ service: 'app', user: 'bob' }).catch((e: Error) => e);
          return { status, record, refusal };
        })()),
    },
  );
  const { status, record, refusal } = (await seen) as { status: { lock: { interrupted: boolean } }; record: { interrupted: boolean }; refusal: Error };
  expect(status.lock.interrupted).toBe(true);
  expect(record.interrupted).toBe(true);
  expect(refusal).toBeInstanceOf(OpsError);
  expect(refusal.message).toMatch(/has an interrupted deploy of .* by alice .*\(the bot restarted during it\)/);
});

it('rolls back to the previous healthy release every host has, or a named one', async () => {
  // A clock that moves a minute per reading gives every deploy its own release id without waiting.
  let now = Date.UTC(2025, 0, 1);
  const { deployer } = make({ keepReleases: 5 }, { clock: { now: () => (now += 60_000) } });
  await expect(deployer.rollback({ service: 'app', user: 'a' })).rejects.toThrow(/no earlier healthy release/);
  const v1 = await deployOk(deployer);
  commit({ 'version.txt': 'v2' });
  const v2 = await deployOk(deployer);
  const report = await deployer.rollback({ service: 'app', user: 'alice' });
  expect(report.plan).toMatchObject({ kind: 'rollback', releaseId: v1, from: v2 });
  expect(report.result.outcome).toBe('succeeded');
  expect(HOSTS.map(live)).toEqual([v1, v1, v1]);
  expect(HOSTS.map(running)).toEqual([v1, v1, v1]);
  await deployer.rollback({ service: 'app', user: 'alice', release: v2 });
  expect(HOSTS.map(live)).toEqual([v2, v2, v2]);
  await expect(deployer.rollback({ service: 'app', user: 'a', release: '20200101-000000-abcdef1' })).rejects.toThrow(/is not on web-1, web-2, web-3/);
  const [status] = await deployer.status('app');
  expect(status).toMatchObject({ majority: v2, drifted: [] });
});

it('keeps keepReleases releases and never the live or previous one', async () => {
  let now = Date.UTC(2025, 0, 1);
  const { deployer } = make({ keepReleases: 2 }, { clock: { now: () => (now += 60_000) } });
  const ids: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    commit({ 'version.txt': `v${i}` });
    ids.push(await deployOk(deployer));
  }
  expect(readdirSync(join(dir, 'hosts', 'web-1', 'srv/app/releases')).sort()).toEqual(ids.slice(1).sort());
});

it('builds with a command when the source is a build', async () => {
  writeFileSync(join(dir, 'build.sh'), 'mkdir -p out && echo built > out/version.txt && touch out/ok-install && tar czf app.tgz -C out .');
  const { deployer } = make({ source: { build: 'bash build.sh', artifact: 'app.tgz' } });
  const report = await deployer.deploy({ service: 'app', user: 'alice' });
  expect(report.result.outcome).toBe('succeeded');
  expect(readFileSync(join(dir, 'hosts', 'web-3', 'srv/app/current/version.txt'), 'utf8')).toBe('built\n');
  await expect(deployer.deploy({ service: 'app', ref: 'main', user: 'alice' })).rejects.toThrow(/takes no @ref/);
});

it('refuses unknown services, environments and refs before doing anything', async () => {
  const { deployer } = make();
  await expect(deployer.deploy({ service: 'nope', user: 'a' })).rejects.toThrow(/no service "nope"; known services: app/);
  await expect(deployer.deploy({ service: 'app', environment: 'qa', user: 'a' })).rejects.toThrow(/app has no environment "qa"; it has production, staging/);
  await expect(deployer.deploy({ service: 'app', ref: 'main;id', user: 'a' })).rejects.toThrow(UserError);
  await expect(deployer.deploy({ service: 'app', ref: 'no-such-branch', user: 'a' })).rejects.toThrow(/app has no branch, tag or commit "no-such-branch"/);
  expect(await store.get('deploy.locks', 'app/production')).toBeUndefined();
});
