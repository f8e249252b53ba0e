/**
 * The cloud as the orchestrator and the deployer's host lookup see it: find instances, read their
 * CPU in bulk, launch and terminate. AWS, a static host list and the sandbox's simulated fleet
 * implement it; nothing outside src/cloud/ knows which one is in use.
 */
export interface CloudInstance {
  id: string;
  name?: string;
  /** pending | running | stopping | stopped | shutting-down | terminated */
  state: string;
  privateIp?: string;
  publicIp?: string;
  /** Milliseconds since the epoch. */
  launchTime: number;
  tags: Record<string, string>;
  /** CloudWatch resolution the instance publishes at, when the provider knows it. */
  monitoring?: 'detailed' | 'basic';
}

export interface InstanceFilter {
  /** Every tag must match exactly. */
  tags?: Record<string, string>;
  /** The Name tag starts with this. */
  namePrefix?: string;
  /** Defaults to pending + running. */
  states?: string[];
}

export interface LoadPoint {
  at: number;
  /** CPU percent, 0–100. */
  value: number;
}

export interface LoadQuery {
  from: number;
  to: number;
  /** Seconds: 60 for detailed monitoring, 300 for basic. */
  periodSec: number;
}

/** Per instance id, its CPU datapoints in the window, oldest first; an empty array means "no data". */
export type LoadSeries = Map<string, LoadPoint[]>;

export interface LaunchRequest {
  group: string;
  /** Tags the group is found by; every launched instance carries them. */
  tags: Record<string, string>;
  /** Unique Name tag per instance, in order (prefix + number). */
  names: string[];
  launchTemplate?: { id?: string; name?: string; version: string };
  targetGroupArn?: string;
  /** Idempotency: the same token never launches twice (EC2 ClientToken), suffixed per instance. */
  token: string;
}

export interface CloudProvider {
  readonly kind: 'aws' | 'static' | 'simulated';
  /** Whether launch/terminate are possible (a static fleet cannot grow). */
  readonly canResize: boolean;
  listInstances(filter: InstanceFilter): Promise<CloudInstance[]>;
  /** CPU for many instances in as few calls as the provider allows. */
  getLoads(ids: string[], query: LoadQuery): Promise<LoadSeries>;
  launch(request: LaunchRequest): Promise<CloudInstance[]>;
  terminate(ids: string[], options?: { targetGroupArn?: string }): Promise<void>;
  /** Registers running instances in a load balancer target group (no-op where there is none). */
  registerTargets(targetGroupArn: string, ids: string[]): Promise<void>;
  /** Throws OpsError('forbidden') naming the missing permission (EC2 DryRun on aws). */
  checkPermissions(request: { launchTemplate?: LaunchRequest['launchTemplate']; terminateId?: string }): Promise<void>;
}

export const ACTIVE_STATES = ['pending', 'running'];

/** Shared by the static and simulated providers: the same matching EC2 does server-side. */
export function matchesFilter(instance: CloudInstance, filter: InstanceFilter): boolean {
  const states = filter.states ?? ACTIVE_STATES;
  if (!states.includes(instance.state)) return false;
  if (filter.namePrefix && !(instance.name ?? '').startsWith(filter.namePrefix)) return false;
  for (const [key, value] of Object.entries(filter.tags ?? {})) if (instance.tags[key] !== value) return false;
  return true;
}

declare module '../robot/services' {
  interface Services {
    /** The default cloud provider (scaling.cloud.provider): the deployer's host lookup uses it too. */
    cloud: CloudProvider;
  }
}
