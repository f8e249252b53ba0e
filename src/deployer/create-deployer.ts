import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/sections/services';
import type { EventBus } from '../events/bus';
import { systemClock, type Clock } from '../events/clock';
import type { Store } from '../store/store';
import { createLocalTransport } from '../transport/local-transport';
import { formatHost, parseHost } from '../transport/parse-host';
import { createSshTransport } from '../transport/ssh-transport';
import type { Transport } from '../transport/transport';
import { resolveConfigPath } from './build-artifact';
import { Deployer } from './deployer';
import type { HealthProbe } from './host-steps';
import type { CloudInstances, DeployTarget } from './resolve-target';

export type TransportFactory = (target: DeployTarget) => Transport;

export interface DeployerOptions {
  services: Record<string, ServiceConfig>;
  store: Store;
  bus: EventBus;
  logger: Logger;
  clock?: Clock;
  /** Mirrors and artifacts go under <dataDir>/deploy. */
  dataDir: string;
  /** Relative paths in the config (keys, known_hosts, local git sources) resolve here. */
  baseDir: string;
  /** How hosts are reached; tests pass a recording transport. Default: ssh or local per service. */
  transportFactory?: TransportFactory;
  /** The cloud provider, looked up when a service's hosts are `{ aws: ... }`. */
  cloud?: () => CloudInstances | undefined;
  probe?: HealthProbe;
  sleep?: (ms: number) => Promise<void>;
  /** Identifies this run of the bot; a deploy lock with another id was interrupted by a restart. */
  bootId?: string;
}

export function createDeployer(options: DeployerOptions): Deployer {
  return new Deployer({
    ...options,
    clock: options.clock ?? systemClock,
    transportFactory: options.transportFactory ?? defaultTransportFactory(options.baseDir),
    probe: options.probe ?? fetchProbe,
    sleep: options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms))),
    bootId: options.bootId ?? randomBytes(6).toString('hex'),
    healthHost: (target, host) => healthHostFor(target, host),
    removeArtifact: (file) => rm(file, { force: true }),
  });
}

export function defaultTransportFactory(baseDir: string): TransportFactory {
  return (target) => {
    if (target.config.transport === 'local') return createLocalTransport({ root: resolve(resolveConfigPath(target.config.hostsDir!, baseDir)) });
    const pinned = target.ssh.fingerprints?.length ? target.ssh.fingerprints : undefined;
    const knownHosts = target.ssh.knownHosts ?? (pinned ? undefined : '~/.ssh/known_hosts');
    return createSshTransport({
      user: target.ssh.user,
      port: target.ssh.port,
      privateKeyPath: target.ssh.privateKeyPath && resolveConfigPath(target.ssh.privateKeyPath, baseDir),
      knownHostsPath: knownHosts && resolveConfigPath(knownHosts, baseDir),
      fingerprints: pinned,
    });
  };
}

function healthHostFor(target: DeployTarget, host: string): string {
  if (target.config.transport === 'local') return '127.0.0.1';
  const parsed = parseHost(host);
  return typeof parsed === 'string' ? host : formatHost(parsed);
}

/** GET the URL; healthy on a 2xx answer within the timeout. */
export const fetchProbe: HealthProbe = async (url, timeoutMs) => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await response.body?.cancel().catch(() => undefined);
    return response.status >= 200 && response.status < 300 ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 100) / 10}s`;
    return err.cause?.code ?? err.message;
  }
};
