import type { BatchSpec, HealthCheck, HostsSpec, ServiceConfig, SshSettings } from '../config/sections/services';
import { OpsError } from '../robot/errors';

/** A service in one environment: the service's settings with the environment's overrides applied. */
export interface DeployTarget {
  service: string;
  environment: string;
  config: ServiceConfig;
  hosts: HostsSpec;
  ssh: SshSettings;
  health?: HealthCheck;
  batch: BatchSpec;
  maxFailures: number;
  channel?: string;
}

/** The minimal cloud shape the deployer needs (the cloud capability implements more). */
export interface CloudInstances {
  listInstances(filter: { tags?: Record<string, string>; namePrefix?: string; states?: string[] }): Promise<
    Array<{ id: string; name?: string; state: string; privateIp?: string; publicIp?: string; launchTime: number; tags: Record<string, string> }>
  >;
}

export function environmentsOf(config: ServiceConfig): string[] {
  const names = Object.keys(config.environments);
  return config.hosts && !names.includes(config.defaultEnvironment) ? [config.defaultEnvironment, ...names] : names;
}

export function defaultEnvironmentOf(config: ServiceConfig): string {
  return config.hosts ? config.defaultEnvironment : Object.keys(config.environments)[0] ?? config.defaultEnvironment;
}

/** Own keys only: "__proto__" or "constructor" typed in chat must not reach Object.prototype. */
export function serviceConfig(services: Record<string, ServiceConfig>, service: string): ServiceConfig | undefined {
  return Object.hasOwn(services, service) ? services[service] : undefined;
}

export function resolveTarget(services: Record<string, ServiceConfig>, service: string, environment?: string): DeployTarget {
  const config = serviceConfig(services, service);
  if (!config) {
    const known = Object.keys(services);
    throw new OpsError('not_found', known.length ? `no service "${service.slice(0, 60)}"; known services: ${known.join(', ')}` : 'no services are configured (see docs: services)');
  }
  const env = environment ?? defaultEnvironmentOf(config);
  const override = Object.hasOwn(config.environments, env) ? config.environments[env] : undefined;
  if (!override && !(env === config.defaultEnvironment && config.hosts)) {
    throw new OpsError('not_found', `${service} has no environment "${env.slice(0, 60)}"; it has ${environmentsOf(config).join(', ')}`);
  }
  const ssh = { ...config.ssh, ...override?.ssh } as SshSettings;
  ssh.connectTimeout ??= 10_000;
  return {
    service,
    environment: env,
    config,
    hosts: override?.hosts ?? config.hosts!,
    ssh,
    health: override?.health ?? config.health,
    batch: override?.batch ?? config.batch,
    maxFailures: override?.maxFailures ?? config.maxFailures,
    channel: override?.channel ?? config.channel,
  };
}

/** The host list: given in config, or the running instances the cloud provider finds. */
export async function resolveHosts(target: DeployTarget, cloud: CloudInstances | undefined): Promise<string[]> {
  if (Array.isArray(target.hosts)) return target.hosts;
  const spec = target.hosts.aws;
  if (!cloud) throw new OpsError('config', `${target.service} (${target.environment}) finds its hosts through the cloud provider, which is not configured`);
  let instances;
  try {
    instances = await cloud.listInstances({ tags: spec.tags, namePrefix: spec.namePrefix, states: ['running'] });
  } catch (error) {
    throw new OpsError('upstream', `could not list ${target.service} instances: ${(error as Error).message}`, { cause: error });
  }
  const hosts = instances
    .filter((instance) => instance.state === 'running')
    .sort((a, b) => a.launchTime - b.launchTime || a.id.localeCompare(b.id))
    .map((instance) => (spec.address === 'public' ? instance.publicIp : instance.privateIp))
    .filter((ip): ip is string => Boolean(ip))
    .map((ip) => (spec.user ? `${spec.user}@${ip}` : ip));
  if (hosts.length === 0) throw new OpsError('not_found', `no running instances match ${target.service}'s hosts (${JSON.stringify(spec.tags ?? spec.namePrefix ?? {})})`);
  return hosts;
}
