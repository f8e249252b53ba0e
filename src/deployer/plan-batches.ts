import type { BatchSpec } from '../config/sections/services';

/**
 * Splits hosts into rollout batches, in order, every host exactly once.
 * `2` → batches of two; `"25%"` → batches of a quarter of the hosts (rounded up, at least one);
 * `[1, "25%", "100%"]` → a canary of one, then a quarter, then the rest: each entry is the size of
 * the next batch and the last entry repeats until every host is placed (Ansible's `serial`).
 */
export function planBatches<T>(hosts: readonly T[], spec: BatchSpec): T[][] {
  const steps = Array.isArray(spec) ? spec : [spec];
  const batches: T[][] = [];
  let next = 0;
  let index = 0;
  while (next < hosts.length) {
    const size = batchSize(steps[Math.min(index, steps.length - 1)], hosts.length);
    batches.push(hosts.slice(next, next + size));
    next += size;
    index += 1;
  }
  return batches;
}

export function batchSize(step: number | string, total: number): number {
  if (typeof step === 'number') return Math.max(1, Math.floor(step));
  const percent = Number(step.replace(/%$/, ''));
  return Math.max(1, Math.ceil((percent / 100) * total));
}

/** "6 hosts in 3 batches (2, 2, 2)". */
export function describeBatches(batches: readonly unknown[][]): string {
  const hosts = batches.reduce((sum, batch) => sum + batch.length, 0);
  const sizes = batches.length > 1 ? ` (${batches.map((batch) => batch.length).join(', ')})` : '';
  return `${hosts} host${hosts === 1 ? '' : 's'} in ${batches.length} batch${batches.length === 1 ? '' : 'es'}${sizes}`;
}
