import median from 'median';
import { formatDuration } from '../robot/format';

/**
 * The scaling decision as a pure function of what the loop observed. Median CPU over instances
 * past warm-up that report data; scale in only when the load predicted on the remaining
 * instances, median·n/(n−1), stays under the low mark.
 */
export interface PolicyInstance {
  id: string;
  launchTime: number;
  /** Only pending and running instances count toward n. */
  state: string;
  /** CPU percent; undefined when the instance reported nothing (never read as 0%). */
  load?: number;
}

export interface PolicySettings {
  min: number;
  max: number;
  high: number;
  low: number;
  step: 'one' | 'proportional';
  /** Proportional step sizes the fleet for this median; (high+low)/2 when left out. */
  target?: number;
  cooldownMs: number;
  warmupMs: number;
  /** Share of the instances past warm-up that must report CPU before deciding at all. */
  minReporting: number;
  protected: string[];
}

export interface PolicyInput {
  now: number;
  instances: PolicyInstance[];
  settings: PolicySettings;
  /** The last launch, terminate or failed attempt: the cooldown runs from it. */
  lastActionAt?: number;
  /** Set while scale-in must wait (a deploy holds the service's lock): the reason. */
  scaleInBlockedBy?: string;
}

export interface PolicyStats {
  /** Pending and running instances, warming ones included. */
  n: number;
  ready: number;
  reporting: number;
  warming: string[];
  noData: string[];
  median?: number;
  /** The median expected on n−1 instances: median·n/(n−1). */
  predicted?: number;
  cooldownLeftMs: number;
}

export type Decision =
  | { action: 'launch'; count: number; reason: string; stats: PolicyStats }
  | { action: 'terminate'; instanceId: string; reason: string; stats: PolicyStats }
  | { action: 'hold'; reason: string; stats: PolicyStats };

export const pct = (value: number): string => `${value.toFixed(1)}%`;
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function decide(input: PolicyInput): Decision {
  const { now, settings: s } = input;
  const counted = input.instances.filter((i) => i.state === 'pending' || i.state === 'running');
  const n = counted.length;
  // Launched by the last action and not heard from yet: still on its way, whatever the warm-up says.
  const isWarming = (i: PolicyInstance) =>
    i.state === 'pending' || now - i.launchTime < s.warmupMs || (i.load === undefined && input.lastActionAt !== undefined && i.launchTime >= input.lastActionAt);
  const warming = counted.filter(isWarming);
  const ready = counted.filter((i) => !isWarming(i));
  const withData = ready.filter((i) => i.load !== undefined && Number.isFinite(i.load));
  const loads = withData.map((i) => i.load as number);
  const med = loads.length > 0 ? median([...loads]) : undefined;
  const predicted = med !== undefined && n > 1 ? (med * n) / (n - 1) : undefined;
  const cooldownLeftMs = input.lastActionAt === undefined ? 0 : Math.max(0, input.lastActionAt + s.cooldownMs - now);
  const stats: PolicyStats = {
    n,
    ready: ready.length,
    reporting: withData.length,
    warming: warming.map((i) => i.id),
    noData: ready.filter((i) => !withData.includes(i)).map((i) => i.id),
    median: med,
    predicted,
    cooldownLeftMs,
  };
  const hold = (reason: string): Decision => ({ action: 'hold', reason, stats });

  if (cooldownLeftMs > 0) return hold(`cooldown: ${formatDuration(cooldownLeftMs)} left of ${formatDuration(s.cooldownMs)} after the last action`);
  const target = s.target ?? (s.high + s.low) / 2;
  // The load sits on the ready instances; instances on their way count toward what we have.
  const needed = med === undefined ? 0 : Math.min(Math.ceil((ready.length * med) / target), s.max);
  if (n < s.min) {
    // Restoring min during a spike sizes for the load too, so the next tick need not launch again.
    const count = Math.max(s.min - n, s.step === 'proportional' && med !== undefined && med > s.high ? needed - n : 0);
    return { action: 'launch', count, reason: `${plural(n, 'instance')} < min ${s.min}${count > s.min - n ? ` and ${pct(med as number)} median needs ${needed}` : ''}`, stats };
  }
  if (n > s.max) {
    const victim = chooseVictim(counted, s.protected);
    return victim ? { action: 'terminate', instanceId: victim.id, reason: `${plural(n, 'instance')} > max ${s.max}`, stats } : hold(`${plural(n, 'instance')} > max ${s.max}, but every one is protected`);
  }
  if (ready.length === 0) return hold(`all ${plural(n, 'instance')} are pending or warming up (warm-up ${formatDuration(s.warmupMs)})`);
  const required = Math.max(1, Math.ceil(s.minReporting * ready.length));
  if (med === undefined || withData.length < required) {
    return hold(`only ${withData.length} of ${ready.length} instances past warm-up reported CPU (need ${required}); no data: ${stats.noData.join(', ')}`);
  }

  const medianText = `median ${pct(med)}`;
  if (med > s.high) {
    if (n >= s.max) return hold(`${medianText} > high ${s.high}%, but already at max ${s.max}`);
    if (s.step === 'one') {
      if (warming.length > 0) return hold(`${medianText} > high ${s.high}%, but ${plural(warming.length, 'launched instance')} still warming up (counted in n=${n})`);
      return { action: 'launch', count: 1, reason: `${medianText} > high ${s.high}% over ${plural(withData.length, 'instance')}`, stats };
    }
    const count = needed - n;
    const sizing = `ceil(${ready.length} × ${med.toFixed(1)} / ${target}) = ${needed} needed`;
    if (count <= 0) return hold(`${medianText} > high ${s.high}%: ${sizing}, ${n} already (${warming.length} warming)`);
    return { action: 'launch', count, reason: `${medianText} > high ${s.high}%: ${sizing}, have ${n}`, stats };
  }

  const floor = Math.max(s.min, 1);
  if (n <= floor) return hold(`${medianText} ≤ high ${s.high}%; ${plural(n, 'instance')} is the floor (min ${s.min}, never below 1)`);
  const prediction = `${medianText} × ${n}/${n - 1} = ${pct(predicted as number)} on ${n - 1}`;
  if ((predicted as number) >= s.low) return hold(`${medianText} within marks; ${prediction} ≥ low ${s.low}%`);
  const wouldScaleIn = `${prediction} < low ${s.low}%`;
  if (warming.length > 0) return hold(`${wouldScaleIn}, but ${plural(warming.length, 'instance')} still warming up`);
  if (stats.noData.length > 0) return hold(`${wouldScaleIn}, but no CPU data from ${stats.noData.join(', ')}: never scale in blind`);
  if (input.scaleInBlockedBy) return hold(`${wouldScaleIn}, but ${input.scaleInBlockedBy}`);
  const victim = chooseVictim(withData, s.protected);
  if (!victim) return hold(`${wouldScaleIn}, but every instance is protected`);
  return { action: 'terminate', instanceId: victim.id, reason: `${wouldScaleIn}; ${victim.id} has the lowest load (${pct(victim.load as number)})`, stats };
}

/** Lowest load first (no data counts as idle), the newest on ties; never a protected instance. */
export function chooseVictim(instances: PolicyInstance[], protectedIds: string[]): PolicyInstance | undefined {
  return instances
    .filter((i) => !protectedIds.includes(i.id))
    .sort((a, b) => (a.load ?? -1) - (b.load ?? -1) || b.launchTime - a.launchTime)[0];
}
