import { decide, type PolicySettings } from './policy';
import type { RuleInstance, RuleView, ScalingRule } from './replay';

/** opsbot's policy as a replayable rule. */
export function opsbotRule(settings: PolicySettings, intervalMin = 1): ScalingRule {
  return {
    name: 'opsbot (median, predicted)',
    intervalMin,
    decide(view) {
      const decision = decide({ now: view.now, instances: view.instances, settings, lastActionAt: view.lastActionAt });
      if (decision.action === 'launch') return { launch: decision.count };
      if (decision.action === 'terminate') return { terminate: [decision.instanceId] };
      return {};
    },
  };
}

const ready = (view: RuleView, warmupMs: number) => view.instances.filter((i) => i.state === 'running' && view.now - i.launchTime >= warmupMs && i.load !== undefined);
const lowestFirst = (instances: RuleInstance[]) => [...instances].sort((a, b) => (a.load ?? -1) - (b.load ?? -1) || b.launchTime - a.launchTime);

/**
 * AWS target tracking on average CPU: scale out after 3 minutes above target to
 * ceil(n·avg/target); scale in after 15 minutes below 90% of target; warming instances are
 * left out of the average and no scale-in happens while any warms up.
 */
export function targetTrackingRule(options: { target: number; warmupMs: number; min: number; max: number }): ScalingRule {
  let above = 0;
  let below = 0;
  return {
    name: `target tracking ${options.target}% avg`,
    intervalMin: 1,
    decide(view) {
      const measured = ready(view, options.warmupMs);
      if (measured.length === 0) return {};
      const avg = measured.reduce((sum, i) => sum + (i.load as number), 0) / measured.length;
      above = avg > options.target ? above + 1 : 0;
      below = avg < options.target * 0.9 ? below + 1 : 0;
      const n = view.instances.length;
      const desired = Math.min(options.max, Math.max(options.min, Math.ceil((measured.length * avg) / options.target)));
      if (above >= 3 && desired > n) return { launch: desired - n };
      const warming = view.instances.length > measured.length;
      if (below >= 15 && desired < n && !warming) {
        below = 0;
        return { terminate: lowestFirst(measured).slice(0, n - desired).map((i) => i.id) };
      }
      return {};
    },
  };
}
