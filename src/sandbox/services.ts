import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigInput } from '../config/schema';
import type { SandboxOptions } from './sandbox-config';

// The default environment is staging so `deploy demo` runs at once; production shows confirmation.
const STAGING_HOSTS = ['demo-1', 'demo-2', 'demo-3', 'demo-4'];
const PRODUCTION_HOSTS = ['demo-prod-1', 'demo-prod-2'];

/**
 * The `demo` service: hosts are folders under <dataDir>/sandbox/hosts reached by the local
 * transport, the source is a small git repository the sandbox creates on first use (branches
 * `main`, a tag `v1`, and `broken`, whose health check fails, to see a rollback).
 */
export function sandboxServices(options: SandboxOptions): ConfigInput['services'] {
  const base = join(options.dataDir, 'sandbox');
  return {
    demo: {
      transport: 'local',
      hostsDir: join(base, 'hosts'),
      hosts: STAGING_HOSTS,
      defaultEnvironment: 'staging',
      source: { git: join(base, 'demo-src'), ref: 'main' },
      path: '/srv/demo',
      install: 'test -f app.txt && echo "installed $(cat app.txt)"',
      restart: 'echo "$RELEASE_ID" > "$DEPLOY_PATH/running" && echo "restarted on $RELEASE_ID"',
      health: { command: 'test -f healthy && [ "$(cat "$DEPLOY_PATH/running")" = "$RELEASE_ID" ]', retries: 3, interval: '200ms', timeout: '5s' },
      batch: [1, '50%'],
      keepReleases: 3,
      environments: { production: { hosts: PRODUCTION_HOSTS, batch: 1 } },
    },
  };
}

/** Creates the demo's host folders and source repository if they are missing (no network). */
export function prepareSandboxDemo(options: SandboxOptions): void {
  const base = join(options.dataDir, 'sandbox');
  for (const host of [...PRODUCTION_HOSTS, ...STAGING_HOSTS]) mkdirSync(join(base, 'hosts', host), { recursive: true });
  const repo = join(base, 'demo-src');
  if (existsSync(join(repo, '.git'))) return;
  mkdirSync(repo, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=opsbot sandbox', '-c', 'user.email=sandbox@opsbot.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'ignore' });
  git('init', '--quiet', '--initial-branch=main');
  const commit = (version: string, healthy: boolean) => {
    writeFileSync(join(repo, 'app.txt'), `demo ${version}\n`);
    if (healthy) writeFileSync(join(repo, 'healthy'), 'ok\n');
    else if (existsSync(join(repo, 'healthy'))) unlinkSync(join(repo, 'healthy'));
    git('add', '-A');
    git('commit', '--quiet', '-m', `demo ${version}`);
  };
  commit('v1', true);
  git('tag', 'v1');
  git('checkout', '--quiet', '-b', 'broken');
  commit('v2-broken', false);
  git('checkout', '--quiet', 'main');
  commit('v2', true);
}
