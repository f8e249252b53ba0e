import type { Clock } from '../../events/clock';
import { OpsError, UserError } from '../../robot/errors';
import type { Store } from '../../store/store';
import { matchesFilter, type CloudInstance, type CloudProvider, type InstanceFilter, type LaunchRequest, type LoadQuery, type LoadSeries } from '../cloud-provider';
import { cpuAt, dailyShape, emptyFleet, isServing, stateAt, type SimFleet, type SimInstance } from './load-model';

const NS = 'scale.sim';
const KEY = 'fleet';
/** Terminated instances are kept this long so history (backtests, sparklines) stays whole. */
const KEEP_MS = 8 * 86_400_000;

export interface SimulatedOptions {
  store: Store;
  clock: Clock;
  bootMs: number;
}

/** The sandbox's fleet, persisted in the store so it survives restarts of the shell. */
export class SimulatedCloudProvider implements CloudProvider {
  readonly kind = 'simulated';
  readonly canResize = true;
  readonly bootMs: number;

  constructor(private readonly options: SimulatedOptions) {
    this.bootMs = options.bootMs;
  }

  async fleet(): Promise<SimFleet> {
    return (await this.options.store.get<SimFleet>(NS, KEY)) ?? emptyFleet();
  }

  /** Creates a group's starting fleet once: `instances` servers at `load`% each, up for 8 days. */
  async seedGroup(group: string, seed: { tags: Record<string, string>; namePrefix: string; instances: number; load: number }): Promise<void> {
    const now = this.options.clock.now();
    await this.change((fleet) => {
      if (fleet.levels[group]) return fleet;
      for (let i = 1; i <= seed.instances; i += 1) {
        fleet.instances.push(this.newInstance(fleet, group, `${seed.namePrefix}${i}`, seed.tags, now - KEEP_MS - i * 60_000));
      }
      fleet.levels[group] = [{ at: 0, level: (seed.load * seed.instances) / dailyShape(now) }];
      return fleet;
    });
  }

  /** Sets the traffic so each serving instance runs at `perInstance`% now. */
  async setLoad(group: string, perInstance: number): Promise<number> {
    const now = this.options.clock.now();
    const fleet = await this.fleet();
    const sharing = fleet.instances.filter((i) => i.group === group && !i.stuck && isServing(i, now, this.bootMs)).length;
    return this.setTotal(group, perInstance * Math.max(1, sharing));
  }

  /**
   * Sets the group's total traffic, in percent of one instance (400 = four busy servers). The
   * change is dated 10 minutes back, as if traffic had been there a while: the next evaluation
   * sees it at once instead of after a window of datapoints.
   */
  async setTotal(group: string, total: number): Promise<number> {
    const now = this.options.clock.now() - 10 * 60_000;
    const level = total / dailyShape(this.options.clock.now());
    await this.change((fleet) => {
      if (!fleet.levels[group]) throw new UserError(`the simulated fleet has no group ${group}`);
      const changes = [...fleet.levels[group], { at: now, level }];
      // The last change older than the kept window still defines the level at its start.
      let first = 0;
      changes.forEach((change, index) => {
        if (change.at <= now - KEEP_MS) first = index;
      });
      fleet.levels[group] = changes.slice(first);
      return fleet;
    });
    return total;
  }

  /** Toggles a fault on an instance: stuck at 100% CPU, or publishing no metrics. */
  async setFault(id: string, fault: 'stuck' | 'noData', on: boolean): Promise<void> {
    await this.change((fleet) => {
      const instance = fleet.instances.find((i) => i.id === id || i.name === id);
      if (!instance || instance.terminatedAt !== undefined) throw new UserError(`no running simulated instance ${id}`);
      instance[fault] = on || undefined;
      return fleet;
    });
  }

  async listInstances(filter: InstanceFilter): Promise<CloudInstance[]> {
    const now = this.options.clock.now();
    const fleet = await this.fleet();
    return fleet.instances.map((i) => this.toCloudInstance(i, now)).filter((i) => matchesFilter(i, filter));
  }

  async getLoads(ids: string[], query: LoadQuery): Promise<LoadSeries> {
    const fleet = await this.fleet();
    const periodMs = query.periodSec * 1000;
    const series: LoadSeries = new Map();
    for (const id of ids) {
      const instance = fleet.instances.find((i) => i.id === id);
      const points = [];
      if (instance) {
        for (let at = Math.ceil(query.from / periodMs) * periodMs; at < query.to; at += periodMs) {
          const value = cpuAt(fleet, instance, at, this.bootMs);
          if (value !== undefined) points.push({ at, value });
        }
      }
      series.set(id, points);
    }
    return series;
  }

  async launch(request: LaunchRequest): Promise<CloudInstance[]> {
    const now = this.options.clock.now();
    let launched: SimInstance[] = [];
    await this.change((fleet) => {
      launched = request.names.map((name, index) => {
        const token = `${request.token}-${index}`;
        const existing = fleet.instances.find((i) => i.id === fleet.tokens[token]);
        if (existing) return existing;
        const instance = this.newInstance(fleet, request.group, name, request.tags, now);
        fleet.instances.push(instance);
        fleet.tokens[token] = instance.id;
        return instance;
      });
      return fleet;
    });
    return launched.map((i) => this.toCloudInstance(i, now));
  }

  async terminate(ids: string[]): Promise<void> {
    const now = this.options.clock.now();
    await this.change((fleet) => {
      for (const id of ids) {
        const instance = fleet.instances.find((i) => i.id === id);
        if (!instance) throw new OpsError('not_found', `no simulated instance ${id}`);
        instance.terminatedAt ??= now;
      }
      fleet.instances = fleet.instances.filter((i) => i.terminatedAt === undefined || i.terminatedAt > now - KEEP_MS);
      return fleet;
    });
  }

  async registerTargets(): Promise<void> {}

  async checkPermissions(): Promise<void> {}

  private newInstance(fleet: SimFleet, group: string, name: string, tags: Record<string, string>, launchTime: number): SimInstance {
    fleet.seq += 1;
    const id = `i-0sim${fleet.seq.toString(16).padStart(12, '0')}`;
    return { id, name, group, launchTime, tags: { ...tags, Name: name, 'opsbot:group': group } };
  }

  private toCloudInstance(instance: SimInstance, now: number): CloudInstance {
    const octet = Number.parseInt(instance.id.slice(-4), 16) % 250;
    return {
      id: instance.id,
      name: instance.name,
      state: stateAt(instance, now, this.bootMs),
      privateIp: `10.0.0.${octet + 2}`,
      launchTime: instance.launchTime,
      tags: instance.tags,
      monitoring: 'detailed',
    };
  }

  private async change(mutate: (fleet: SimFleet) => SimFleet): Promise<void> {
    await this.options.store.update<SimFleet>(NS, KEY, (current) => mutate(structuredClone(current ?? emptyFleet())));
  }
}
