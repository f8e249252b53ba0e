import { existsSync, mkdtempSync, readlinkSync, rmSync, symlinkSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../src/config/schema';
import type { Deployer } from '../../src/deployer/deployer';
import { createReleaseRepo, restartCommand, startSshdHosts, stopReleaseServer, type SshdCluster } from '../helpers/sshd';
import { startTestApp, type TestApp } from '../helpers/start-app';
import { createServer } from 'node:net';

// Three real OpenSSH hosts on 127.0.0.2-4; each release starts a tiny HTTP service on the host's
// own address, which the deployer's health check polls.

let cluster: SshdCluster;
let app: TestApp;
let work: string;
let repo: ReturnType<typeof createReleaseRepo>;
let httpPort: number;
const deployer = (): Deployer => app.robot.need('deployer');
const live = (host: { dir: string }) => readlinkSync(join(host.dir, 'api', 'current')).replace('releases/', '');
/** Replies to a command (alerts the router posts meanwhile are left out). */
const say = async (command: string) => (await app.adapter.say(command)).filter((text) => !/^(RESOLVED|FIRING|•)/.test(text));
const health = async (address: string) => (await (await fetch(`http://${address}:${httpPort}/health`)).json()) as { release: string };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  cluster = await startSshdHosts(3, { firstAddress: 2 });
  work = mkdtempSync(join(tmpdir(), 'opsbot-deploy-'));
  repo = createReleaseRepo(join(work, 'repo'));
  httpPort = await freePort();
  const config: ConfigInput = {
    services: {
      api: {
        hosts: cluster.hosts.map((h) => h.spec),
        defaultEnvironment: 'staging',
        ssh: { privateKeyPath: cluster.clientKey, knownHosts: cluster.knownHosts, connectTimeout: '5s' },
        source: { git: repo.path, ref: 'main' },
        path: `${cluster.mountPath}/api`,
        install: 'bash install.sh',
        restart: restartCommand(httpPort),
        health: { url: `http://{host}:${httpPort}/health`, timeout: '2s', retries: 20, interval: '100ms' },
        batch: [1, '100%'],
        keepReleases: 3,
      },
    },
  };
  // sandbox: true lets everyone run every command (no auth rules needed for this test).
  app = await startTestApp({ config, sandbox: true, dataDir: join(work, 'data') });
}, 30_000);

afterAll(async () => {
  await app?.close();
  for (const host of cluster?.hosts ?? []) stopReleaseServer(join(host.dir, 'api'));
  await cluster?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('deploy over real sshd', () => {
  let first: string;

  it('rolls a release out to 3 hosts in 2 batches with one living message and a summary', async () => {
    const before = app.adapter.posted.length;
    const texts = await say('deploy api');
    const posted = app.adapter.posted.slice(before);
    const living = posted[0];
    // The first version of the living message is the plan, sent at once.
    expect(living.message).toMatch(/^api@[0-9a-f]{7} \(main\) → staging: 3 hosts in 2 batches \(1, 2\), release \d{8}-\d{6}-[0-9a-f]{7}/);
    expect(living.edits.length).toBeGreaterThan(0);
    expect(living.text).toMatch(/finished/);
    expect(living.text.match(/✓/g)).toHaveLength(3);
    const summary = texts[texts.length - 1];
    expect(summary).toMatch(/✅ api@[0-9a-f]{7} → staging succeeded in .*: 3 hosts on release/);
    first = /release (\S+)$/.exec(summary)![1];
    for (const host of cluster.hosts) {
      expect(live(host)).toBe(first);
      expect(await health(host.address)).toEqual({ release: first, address: host.address });
    }
    const [record] = await deployer().history('api', 1);
    expect(record).toMatchObject({ outcome: 'succeeded', releaseId: first, user: 'alice', ref: 'main' });
  });

  it('reports every host on the same release with no drift', async () => {
    const [reply] = await say('deploy status api');
    expect(reply).toContain(`api staging — all on ${first}`);
    for (const host of cluster.hosts) expect(reply).toContain(`${host.spec}: ${first}`);
  });

  it('refuses a second deploy while one is running, naming the holder', async () => {
    repo.commit('v2', { 'version.txt': 'v2\n' });
    let second: Promise<unknown> | undefined;
    const report = await deployer().deploy(
      { service: 'api', user: 'alice' },
      { planned: () => void (second = deployer().deploy({ service: 'api', user: 'bob' }).catch((error: Error) => error)) },
    );
    expect(report.result.outcome).toBe('succeeded');
    const refused = (await second) as Error;
    expect(refused).toBeInstanceOf(Error);
    expect(refused.message).toMatch(/api to staging is being deployed by alice/);
  });

  it.each([
    ['deploy api@main;rm -rf /', /contains ";"/],
    ['deploy api@$(touch /tmp/opsbot-pwned)', /ref "\$\(touch" contains "\$", "\("/],
    ['deploy api@`touch /tmp/opsbot-pwned`', /contains a backtick/],
    ['deploy api@main\ntouch /tmp/opsbot-pwned', /one line please/],
    ['deploy api@mäin', /non-ASCII character "ä"/],
    ['deploy api@--upload-pack=touch', /contains "="|not a plain branch/],
    ['deploy api@main to prod;uction', /"prod;uction" is not an environment name/],
  ])('refuses hostile input %j with a clear message', async (command, message) => {
    const texts = await say(command);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(message);
    expect(existsSync('/tmp/opsbot-pwned')).toBe(false);
  });

  it('rolls back to the previous healthy release, then reports drift', async () => {
    const current = live(cluster.hosts[0]);
    expect(current).not.toBe(first);
    const texts = await say('rollback api');
    expect(texts[texts.length - 1]).toMatch(new RegExp(`✅ rollback of api staging to ${first} succeeded`));
    for (const host of cluster.hosts) {
      expect(live(host)).toBe(first);
      expect((await health(host.address)).release).toBe(first);
    }
    // Someone switches host3 by hand: status must say so.
    const host3 = cluster.hosts[2];
    symlinkSync(`releases/${current}`, join(host3.dir, 'api', 'tmp-link'));
    renameSync(join(host3.dir, 'api', 'tmp-link'), join(host3.dir, 'api', 'current'));
    const [status] = await say('deploy status api');
    expect(status).toContain(`DRIFT: ${host3.spec} not on ${first}`);
    const [history] = await say('deploys api');
    expect(history).toMatch(/rollback to .* → staging succeeded/);
    // An explicit release brings it back in line.
    const back = await say(`rollback api to ${first}`);
    expect(back[back.length - 1]).toMatch(/succeeded/);
    expect(live(host3)).toBe(first);
  });

  it('keeps at most keepReleases releases, never the live or previous one', async () => {
    for (const n of [3, 4, 5]) {
      repo.commit(`v${n}`, { 'version.txt': `v${n}\n` });
      const report = await deployer().deploy({ service: 'api', user: 'alice' });
      expect(report.result.outcome).toBe('succeeded');
    }
    const [status] = await deployer().status('api');
    for (const host of status.hosts) expect(host.releases.length).toBeLessThanOrEqual(3);
  });
});
