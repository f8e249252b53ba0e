import fc from 'fast-check';
import { batchSize, describeBatches, planBatches } from '../../../src/deployer/plan-batches';

const step = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 100 }).map((n) => `${n}%`));
const spec = fc.oneof(step, fc.array(step, { minLength: 1, maxLength: 5 }));
const hosts = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 60 });

describe('planBatches', () => {
  it('places every host exactly once, in order, in non-empty batches', () => {
    fc.assert(
      fc.property(hosts, spec, (list, batch) => {
        const batches = planBatches(list, batch);
        expect(batches.flat()).toEqual(list);
        for (const b of batches) expect(b.length).toBeGreaterThan(0);
      }),
    );
  });

  it('sizes each batch by its step, the last step repeating', () => {
    fc.assert(
      fc.property(hosts, fc.array(step, { minLength: 1, maxLength: 5 }), (list, steps) => {
        const batches = planBatches(list, steps);
        batches.forEach((b, i) => {
          const size = batchSize(steps[Math.min(i, steps.length - 1)], list.length);
          if (i < batches.length - 1) expect(b.length).toBe(size);
          else expect(b.length).toBeLessThanOrEqual(size);
        });
      }),
    );
  });

  it('matches the README examples', () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(planBatches(six, '25%')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
    expect(describeBatches(planBatches(six, '25%'))).toBe('6 hosts in 3 batches (2, 2, 2)');
    expect(planBatches(six, 1)).toHaveLength(6);
    expect(planBatches(six, [1, '25%', '100%'])).toEqual([['a'], ['b', 'c'], ['d', 'e', 'f']]);
    expect(planBatches(['a', 'b', 'c'], [1, '100%'])).toEqual([['a'], ['b', 'c']]);
    expect(planBatches([], '25%')).toEqual([]);
    expect(describeBatches([['a']])).toBe('1 host in 1 batch');
  });
});
