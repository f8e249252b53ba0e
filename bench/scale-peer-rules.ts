// Rules opsbot is measured against in bench/scale-trace.ts. Not product code: the seed's policy
// is here with its bugs on purpose.
import median from 'median';
import type { RuleInstance, ScalingRule } from '../src/orchestrator/replay';

const lowestFirst = (instances: RuleInstance[]) => [...instances].sort((a, b) => (a.load ?? 0) - (b.load ?? 0) || b.launchTime - a.launchTime);

/**
 * The original script: median over running instances with a missing datapoint read as 0%, +1 every
 * minute while the median is above high (no cooldown, pending instances not counted), scale in on
 * median·n/(n−1) < low (at n=1 that divides by zero: Infinity, so it happened never to fire).
 */
export function seedRule(options: { high: number; low: number }): ScalingRule {
  return {
    name: 'seed (median, bugs kept)',
    intervalMin: 1,
    decide(view) {
      const running = view.instances.filter((i) => i.state === 'running');
      if (running.length === 0) return {};
      const loads = running.map((i) => i.load ?? 0);
      const med = median([...loads]);
      if (med > options.high) return { launch: 1 };
      if ((med * running.length) / (running.length - 1) < options.low) return { terminate: [lowestFirst(running)[0].id] };
      return {};
    },
  };
}

/**
 * Kubernetes HPA: desired = ceil(Σ ready CPU / target) with a 10% tolerance; pods that are not
 * ready count as 0% when scaling up; scale-down takes the highest recommendation of the last
 * 5 minutes (the default stabilization window).
 */
export function hpaRule(options: { target: number; min: number; max: number; readyMs: number }): ScalingRule {
  const recent: number[] = [];
  return {
    name: `HPA-style ${options.target}% avg`,
    intervalMin: 1,
    decide(view) {
      const ready = view.instances.filter((i) => i.state === 'running' && view.now - i.launchTime >= options.readyMs && i.load !== undefined);
      const n = view.instances.length;
      if (ready.length === 0) return {};
      const sum = ready.reduce((total, i) => total + (i.load as number), 0);
      const ratio = sum / ready.length / options.target;
      const raw = Math.abs(ratio - 1) <= 0.1 ? n : Math.ceil(sum / options.target);
      const desired = Math.min(options.max, Math.max(options.min, raw));
      recent.push(desired);
      if (recent.length > 5) recent.shift();
      if (desired > n) return { launch: desired - n };
      const stabilized = Math.max(...recent);
      if (stabilized < n) return { terminate: lowestFirst(ready).slice(0, n - stabilized).map((i) => i.id) };
      return {};
    },
  };
}
