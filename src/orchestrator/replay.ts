// Replays a scaling rule over a per-minute trace of total load (in percent of one instance:
// 450 = four and a half busy servers) with a simple fleet: launched instances boot, then share
// the traffic evenly; stuck instances burn 100% and serve nothing. Pure: no clock, no I/O.

export interface RuleInstance {
  id: string;
  launchTime: number;
  state: 'pending' | 'running';
  /** What monitoring shows: last minute's CPU, capped at 100; undefined before the first datapoint. */
  load?: number;
}

export interface RuleView {
  now: number;
  instances: RuleInstance[];
  lastActionAt?: number;
}

export interface RuleAction {
  launch?: number;
  terminate?: string[];
}

export interface ScalingRule {
  name: string;
  /** Minutes between evaluations. */
  intervalMin: number;
  decide(view: RuleView): RuleAction;
}

export interface ReplayOptions {
  /** Total load per minute. */
  trace: ArrayLike<number>;
  initial: number;
  bootMin: number;
  /** How many of the initial instances are stuck at 100% (a runaway process). */
  stuck?: number;
  min?: number;
  max?: number;
}

export interface ReplayResult {
  instanceMinutes: number;
  /** Σ over minutes of the instances serving above 100% (plus the missing ones when none serve). */
  overloadedInstanceMinutes: number;
  actions: number;
  launched: number;
  terminated: number;
  peak: number;
}

const MINUTE = 60_000;

export function oracleInstanceMinutes(trace: ArrayLike<number>): number {
  let total = 0;
  for (let m = 0; m < trace.length; m += 1) total += Math.max(1, Math.ceil(trace[m] / 100));
  return total;
}

export function replay(rule: ScalingRule, options: ReplayOptions): ReplayResult {
  const { trace, bootMin } = options;
  const min = options.min ?? 1;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  let seq = 0;
  type Sim = { id: string; launchMinute: number; stuck: boolean };
  let fleet: Sim[] = Array.from({ length: options.initial }, (_, i) => ({ id: `i${(seq += 1)}`, launchMinute: -1000, stuck: i < (options.stuck ?? 0) }));
  const result: ReplayResult = { instanceMinutes: 0, overloadedInstanceMinutes: 0, actions: 0, launched: 0, terminated: 0, peak: fleet.length };
  let previousDemand = new Map<string, number>();
  let lastActionAt: number | undefined;

  for (let m = 0; m < trace.length; m += 1) {
    const serving = fleet.filter((i) => !i.stuck && i.launchMinute + bootMin <= m);
    const perInstance = trace[m] / Math.max(1, serving.length);
    result.instanceMinutes += fleet.length;
    if (serving.length === 0) result.overloadedInstanceMinutes += Math.ceil(trace[m] / 100);
    else if (perInstance > 100) result.overloadedInstanceMinutes += serving.length;

    if (m % rule.intervalMin === 0) {
      const view: RuleView = {
        now: m * MINUTE,
        lastActionAt,
        instances: fleet.map((i) => ({
          id: i.id,
          launchTime: i.launchMinute * MINUTE,
          state: i.launchMinute + bootMin <= m ? 'running' : 'pending',
          load: i.stuck && i.launchMinute + bootMin < m ? 100 : previousDemand.get(i.id),
        })),
      };
      const action = rule.decide(view);
      const launch = Math.max(0, Math.min(action.launch ?? 0, max - fleet.length));
      const doomed = new Set((action.terminate ?? []).slice(0, Math.max(0, fleet.length - min)));
      if (launch > 0 || doomed.size > 0) {
        result.actions += 1;
        lastActionAt = m * MINUTE;
      }
      fleet = fleet.filter((i) => !doomed.has(i.id));
      for (let k = 0; k < launch; k += 1) fleet.push({ id: `i${(seq += 1)}`, launchMinute: m, stuck: false });
      result.launched += launch;
      result.terminated += doomed.size;
      result.peak = Math.max(result.peak, fleet.length);
    }
    // Monitoring lags a minute: what a rule sees next is this minute's CPU, capped at 100%.
    previousDemand = new Map(serving.map((i) => [i.id, Math.min(100, perInstance)]));
  }
  return result;
}
