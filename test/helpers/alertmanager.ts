import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

export interface AlertmanagerOptions {
  /** Where its webhook receiver posts (the bot's /hooks/alertmanager, or a counter in benches). */
  webhookUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}

export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface RunningAlertmanager {
  url: string;
  /** POST /api/v2/alerts. */
  fire(alerts: PostableAlert[]): Promise<void>;
  /** The same alerts with endsAt in the past: Alertmanager marks them resolved. */
  resolve(alerts: PostableAlert[]): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The real Prometheus Alertmanager (Debian package) on loopback, clustering off, temp storage. */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'alertmanager-'));
  const port = await freePort();
  const auth = options.token ? `\n    http_config:\n      authorization:\n        type: Bearer\n        credentials: ${JSON.stringify(options.token)}` : '';
  const config = `route:
  receiver: bot
  group_by: ${JSON.stringify(options.groupBy ?? ['alertname', 'service'])}
  group_wait: ${options.groupWait ?? '1s'}
  group_interval: ${options.groupInterval ?? '2s'}
  repeat_interval: ${options.repeatInterval ?? '1h'}
receivers:
- name: bot
  webhook_configs:
  - url: ${JSON.stringify(options.webhookUrl)}
    send_resolved: true${auth}
`;
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const child: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited: ${output}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`alertmanager did not become ready: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const post = async (alerts: PostableAlert[]) => {
    const response = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    if (!response.ok) throw new Error(`alertmanager refused alerts: ${response.status} ${await response.text()}`);
  };
  return {
    url,
    fire: post,
    resolve: (alerts) => post(alerts.map((alert) => ({ ...alert, endsAt: new Date(Date.now() - 1000).toISOString() }))),
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
