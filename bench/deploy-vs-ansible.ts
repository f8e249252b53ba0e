// Deploy one release to N real sshd hosts on loopback: opsbot's deployer vs an equivalent Ansible
// playbook (copy the artifact, unpack into a release dir, switch the symlink, restart, check
// health), same hosts, same artifact, alternating runs. Prints wall times and ratios.
//
//   npx tsx bench/deploy-vs-ansible.ts [--hosts 20] [--rounds 3]
//
// Needs root (sshd hosts run in private mount namespaces) and Debian's ansible.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ServicesSection } from '../src/config/sections/services';
import { createDeployer } from '../src/deployer/create-deployer';
import { EventBus } from '../src/events/bus';
import { SqliteStore } from '../src/store/sqlite-store';
import { createReleaseRepo, restartCommand, startSshdHosts, stopReleaseServer } from '../test/helpers/sshd';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const HOSTS = arg('hosts', 20);
const ROUNDS = arg('rounds', 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });

/**
 * The shared restart: start the release's HTTP service and return once it listens. The service is
 * a perl one-file server (starts in milliseconds) so the figures measure deploying, not how long
 * 20 Node processes take to boot on a small machine.
 */
const restart = (port: number) => `${restartCommand(port, 'perl server.pl')}\nfor i in $(seq 200); do (exec 3<>/dev/tcp/$addr/${port}) 2>/dev/null && break; sleep 0.025; done`;
const SERVER_PL = String.raw`use IO::Socket::INET;
my ($address, $port) = @ARGV;
my $release = $ENV{RELEASE_ID} // 'unknown';
my $server = IO::Socket::INET->new(LocalAddr => $address, LocalPort => $port, Listen => 64, ReuseAddr => 1) or die "listen: $!";
while (my $client = $server->accept) {
  while (my $line = <$client>) { last if $line =~ /^\r?\n$/; }
  print $client "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"release\":\"$release\"}";
  close $client;
}
`;

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'opsbot-bench-'));
  const cluster = await startSshdHosts(HOSTS, { firstAddress: 50, mountPath: '/srv/opsbot-bench' });
  const [opsPort, ansiblePort] = [await freePort(), await freePort()];
  try {
    const repo = createReleaseRepo(join(work, 'repo'));
    repo.commit('perl service', { 'server.pl': SERVER_PL });
    const artifact = join(work, 'release.tar.gz');
    execFileSync('git', ['archive', '--format=tar.gz', '-o', artifact, 'HEAD'], { cwd: repo.path });

    // ---- opsbot ------------------------------------------------------------------------------
    const store = new SqliteStore({ file: join(work, 'opsbot.db'), clock: { now: () => Date.now() } });
    const service = (hosts: string[]) => ({
      hosts,
      ssh: { privateKeyPath: cluster.clientKey, knownHosts: cluster.knownHosts },
      source: { build: 'true', artifact },
      path: `${cluster.mountPath}/opsbot`,
      restart: restart(opsPort),
      health: { url: `http://{host}:${opsPort}/health`, timeout: '2s', retries: 10, interval: '1s' },
      batch: '100%',
      concurrency: HOSTS,
      keepReleases: 3,
    });
    const services = ServicesSection.parse({ all: service(cluster.hosts.map((h) => h.spec)), one: service([cluster.hosts[0].spec]) });
    let tick = Date.now();
    const deployer = createDeployer({ services, store, bus: new EventBus(), logger: pino({ level: 'silent' }), dataDir: work, baseDir: work, clock: { now: () => (tick = Math.max(tick + 1, Date.now())) } });
    const opsbot = async (name: 'all' | 'one') => {
      const started = performance.now();
      const phases = new Map<string, number>();
      const marks: Record<string, number[]> = {};
      const report = await deployer.deploy({ service: name, user: 'bench' }, process.env.PHASES ? { progress: (s) => { for (const h of s.hosts) { const k = h.host + h.phase; if (!phases.has(k)) { phases.set(k, performance.now() - started); (marks[h.phase] ??= []).push(performance.now() - started); } } } } : {});
      if (process.env.PHASES) console.log(name, Object.entries(marks).map(([p, t]) => `${p}:${Math.min(...t).toFixed(0)}-${Math.max(...t).toFixed(0)}`).join(' '));
      const ms = performance.now() - started;
      if (report.result.outcome !== 'succeeded') throw new Error(`opsbot deploy ${report.result.outcome}: ${report.result.failedHost} ${report.result.failedStep} ${report.result.error}`);
      return ms;
    };

    // ---- ansible -----------------------------------------------------------------------------
    const inventory = join(work, 'inventory.ini');
    writeFileSync(
      inventory,
      [
        '[hosts]',
        ...cluster.hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`),
        '[hosts:vars]',
        'ansible_user=root',
        `ansible_ssh_private_key_file=${cluster.clientKey}`,
        `ansible_ssh_common_args='-o UserKnownHostsFile=${cluster.knownHosts} -o StrictHostKeyChecking=yes'`,
        'ansible_python_interpreter=/usr/bin/python3',
      ].join('\n'),
    );
    const playbook = join(work, 'deploy.yml');
    const base = `${cluster.mountPath}/ansible`;
    writeFileSync(
      playbook,
      `- hosts: hosts
  gather_facts: false
  vars:
    release_dir: "${base}/releases/{{ release_id }}"
  tasks:
    - name: release directory
      file: { path: "{{ release_dir }}", state: directory }
    - name: copy and unpack the artifact
      unarchive: { src: "${artifact}", dest: "{{ release_dir }}" }
    - name: switch current
      file: { src: "{{ release_dir }}", dest: "${base}/current", state: link, force: true }
    - name: restart
      shell: ${JSON.stringify(restart(ansiblePort))}
      args: { chdir: "${base}/current", executable: /bin/bash }
      environment: { RELEASE_ID: "{{ release_id }}", DEPLOY_PATH: "${base}" }
    - name: health
      uri: { url: "http://{{ ansible_host }}:${ansiblePort}/health" }
      delegate_to: localhost
      register: health
      until: health.status == 200
      retries: 10
      delay: 1
`,
    );
    let ansibleRound = 0;
    const ansible = () => {
      ansibleRound += 1;
      const started = performance.now();
      const run = spawnSync('ansible-playbook', ['-i', inventory, playbook, '-e', `release_id=r${ansibleRound}`], {
        env: { ...process.env, ANSIBLE_FORKS: String(HOSTS), ANSIBLE_PIPELINING: 'True', ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False' },
        encoding: 'utf8',
      });
      const ms = performance.now() - started;
      if (run.status !== 0) throw new Error(`ansible-playbook failed (${run.status}):\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
      return ms;
    };

    // Warm-up (first git/ssh/python start-up costs), then alternate.
    await opsbot('one');
    ansible();
    const times = { opsbot: [] as number[], ansible: [] as number[], one: [] as number[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      times.opsbot.push(await opsbot('all'));
      times.ansible.push(ansible());
      times.one.push(await opsbot('one'));
      console.log(`round ${round + 1}: opsbot ${HOSTS} hosts ${times.opsbot.at(-1)!.toFixed(0)} ms, ansible ${times.ansible.at(-1)!.toFixed(0)} ms, opsbot 1 host ${times.one.at(-1)!.toFixed(0)} ms`);
    }
    const [o, a, one] = [median(times.opsbot), median(times.ansible), median(times.one)];
    console.log(`\n${HOSTS} hosts, ${ROUNDS} rounds (medians):`);
    console.log(`  opsbot   ${o.toFixed(0)} ms`);
    console.log(`  ansible  ${a.toFixed(0)} ms`);
    console.log(`  opsbot / ansible        = ${(o / a).toFixed(3)}   (target ≤ 0.25)`);
    console.log(`  opsbot ${HOSTS} hosts / 1 host = ${(o / one).toFixed(2)}   (1 host: ${one.toFixed(0)} ms; target ≤ 3)`);
    await store.close();
  } finally {
    for (const host of cluster.hosts) {
      stopReleaseServer(join(host.dir, 'opsbot'));
      stopReleaseServer(join(host.dir, 'ansible'));
    }
    await cluster.close();
    rmSync(work, { recursive: true, force: true });
    mkdirSync(cluster.mountPath, { recursive: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
