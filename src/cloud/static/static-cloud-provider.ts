import pLimit from 'p-limit';
import { OpsError } from '../../robot/errors';
import { matchesFilter, type CloudInstance, type CloudProvider, type InstanceFilter, type LoadQuery, type LoadSeries } from '../cloud-provider';
import type { ExecTarget, HostExec } from './host-exec';

export interface StaticHost extends ExecTarget {
  name: string;
  tags: Record<string, string>;
}

export const LOAD_COMMAND = 'cat /proc/loadavg; nproc';

/** "0.52 0.58 0.59 1/123 4567\n4\n" → 13 (% of the cores busy, 1-minute load average). */
export function parseLoadavg(stdout: string): number | undefined {
  const [first, second] = stdout.trim().split('\n');
  const load = Number(first?.trim().split(/\s+/)[0]);
  const cores = Number(second?.trim());
  if (!Number.isFinite(load) || !(cores > 0)) return undefined;
  return (load / cores) * 100;
}

/**
 * A fixed fleet: `scale status` still shows it, read over SSH; it cannot grow or shrink, so
 * decisions stay "would launch ..." whatever the mode.
 */
export class StaticCloudProvider implements CloudProvider {
  readonly kind = 'static';
  readonly canResize = false;

  constructor(
    private readonly hosts: StaticHost[],
    private readonly exec: HostExec,
    private readonly now: () => number,
  ) {}

  async listInstances(filter: InstanceFilter): Promise<CloudInstance[]> {
    return this.hosts.map((host) => this.toInstance(host)).filter((instance) => matchesFilter(instance, filter));
  }

  /** Only the current reading exists; a host that does not answer has no data (never 0%). */
  async getLoads(ids: string[], _query: LoadQuery): Promise<LoadSeries> {
    const limit = pLimit(10);
    const at = this.now();
    const entries = await Promise.all(
      ids.map((id) =>
        limit(async () => {
          const host = this.hosts.find((h) => h.name === id);
          if (!host) return [id, []] as const;
          const result = await this.exec(host, LOAD_COMMAND).catch(() => ({ code: 255, stdout: '' }));
          const value = result.code === 0 ? parseLoadavg(result.stdout) : undefined;
          return [id, value === undefined ? [] : [{ at, value }]] as const;
        }),
      ),
    );
    return new Map(entries.map(([id, points]) => [id, [...points]]));
  }

  async launch(): Promise<CloudInstance[]> {
    throw this.fixed();
  }

  async terminate(): Promise<void> {
    throw this.fixed();
  }

  async registerTargets(): Promise<void> {}

  async checkPermissions(): Promise<void> {
    throw this.fixed();
  }

  private fixed(): OpsError {
    return new OpsError('config', 'the static provider has a fixed host list: it cannot launch or terminate (keep the group in simulate mode, or use aws)');
  }

  private toInstance(host: StaticHost): CloudInstance {
    return { id: host.name, name: host.name, state: 'running', privateIp: host.address === 'local' ? '127.0.0.1' : host.address, launchTime: 0, tags: host.tags };
  }
}
