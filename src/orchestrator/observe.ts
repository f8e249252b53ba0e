import type { CloudInstance, CloudProvider, LoadPoint } from '../cloud/cloud-provider';
import type { GroupConfig } from '../config/sections/scaling';

export interface ObservedInstance extends CloudInstance {
  /** Mean CPU over the evaluation window; undefined when no datapoint arrived (never 0%). */
  load?: number;
  /** Datapoints fetched (the last hour when asked for history). */
  points: LoadPoint[];
}

export interface Observation {
  instances: ObservedInstance[];
  periodSec: number;
  windowMs: number;
  at: number;
}

/**
 * The window a load is averaged over: 5 one-minute or 3 five-minute periods, wide enough that
 * CloudWatch's few minutes of delay still leave datapoints in it.
 */
export function evaluationWindowMs(periodSec: number): number {
  return Math.max(5 * 60_000, 3 * periodSec * 1000);
}

/** Detailed monitoring publishes every minute; one instance on basic makes the group use 5 minutes. */
export function choosePeriod(config: Pick<GroupConfig, 'period'>, instances: CloudInstance[]): number {
  if (config.period) return config.period;
  return instances.some((instance) => instance.monitoring === 'basic') ? 300 : 60;
}

/** Two provider calls however large the group: one listing, one bulk load read. */
export async function observeGroup(provider: CloudProvider, config: GroupConfig, now: number, options: { historyMs?: number } = {}): Promise<Observation> {
  const instances = await provider.listInstances({ tags: config.tags, namePrefix: config.namePrefix });
  const periodSec = choosePeriod(config, instances);
  const windowMs = evaluationWindowMs(periodSec);
  const from = now - Math.max(windowMs, options.historyMs ?? 0);
  const series = instances.length > 0 ? await provider.getLoads(instances.map((i) => i.id), { from, to: now, periodSec }) : new Map<string, LoadPoint[]>();
  const observed = instances.map((instance) => {
    const points = series.get(instance.id) ?? [];
    const recent = points.filter((point) => point.at >= now - windowMs);
    const load = recent.length > 0 ? recent.reduce((sum, point) => sum + point.value, 0) / recent.length : undefined;
    return { ...instance, load, points };
  });
  return { instances: observed, periodSec, windowMs, at: now };
}
