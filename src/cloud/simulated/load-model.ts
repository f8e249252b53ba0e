// The sandbox fleet's traffic: a level per group (the mean total load, in "percent of one
// instance" units) that follows a gentle daily curve, spread evenly over the instances serving.

const DAY_MS = 86_400_000;

export interface SimInstance {
  id: string;
  name: string;
  group: string;
  launchTime: number;
  terminatedAt?: number;
  tags: Record<string, string>;
  /** A runaway process: reports 100% and takes no share of the traffic. */
  stuck?: boolean;
  /** Its metrics never arrive (no CloudWatch agent, broken exporter). */
  noData?: boolean;
}

export interface SimFleet {
  seq: number;
  instances: SimInstance[];
  /** Per group, level changes in time order. */
  levels: Record<string, Array<{ at: number; level: number }>>;
  /** Launch idempotency: token → instance id. */
  tokens: Record<string, string>;
}

export function emptyFleet(): SimFleet {
  return { seq: 0, instances: [], levels: {}, tokens: {} };
}

/** 1 ± 15% over the day, peaking mid-afternoon UTC, plus a little deterministic jitter. */
export function dailyShape(at: number): number {
  const minute = Math.floor(at / 60_000);
  return 1 + 0.15 * Math.sin((2 * Math.PI * (at - 9 * 3_600_000)) / DAY_MS) + 0.02 * (hash(`m${minute}`) - 0.5);
}

export function levelAt(fleet: SimFleet, group: string, at: number): number {
  const changes = fleet.levels[group] ?? [];
  let level = changes[0]?.level ?? 0;
  for (const change of changes) if (change.at <= at) level = change.level;
  return level;
}

export function isServing(instance: SimInstance, at: number, bootMs: number): boolean {
  return instance.launchTime + bootMs <= at && (instance.terminatedAt === undefined || at < instance.terminatedAt);
}

export function stateAt(instance: SimInstance, at: number, bootMs: number): string {
  if (instance.terminatedAt !== undefined && instance.terminatedAt <= at) return 'terminated';
  return instance.launchTime + bootMs <= at ? 'running' : 'pending';
}

/** CPU percent of one instance at a moment, or undefined when it publishes nothing then. */
export function cpuAt(fleet: SimFleet, instance: SimInstance, at: number, bootMs: number): number | undefined {
  if (instance.noData || !isServing(instance, at, bootMs)) return undefined;
  if (instance.stuck) return 100;
  const sharing = fleet.instances.filter((other) => other.group === instance.group && !other.stuck && isServing(other, at, bootMs)).length;
  const total = levelAt(fleet, instance.group, at) * dailyShape(at);
  const jitter = 1 + 0.04 * (hash(`${instance.id}:${Math.floor(at / 60_000)}`) - 0.5);
  return Math.min(100, Math.max(0, (total / Math.max(1, sharing)) * jitter));
}

/** A stable pseudo-random number in [0, 1) for a key (FNV-1a). */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 0x1_0000_0000;
}
