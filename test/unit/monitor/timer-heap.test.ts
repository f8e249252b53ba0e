import fc from 'fast-check';
import { TimerHeap } from '../../../src/monitor/timer-heap';

describe('TimerHeap', () => {
  it('pops what is due, earliest first, honouring reschedules and cancels (against a plain map)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('schedule' as const), name: fc.constantFrom('a', 'b', 'c', 'd', 'e'), at: fc.integer({ min: 0, max: 1000 }) }),
      fc.record({ kind: fc.constant('cancel' as const), name: fc.constantFrom('a', 'b', 'c', 'd', 'e') }),
      fc.record({ kind: fc.constant('pop' as const), now: fc.integer({ min: 0, max: 1000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const heap = new TimerHeap();
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'schedule') {
            heap.schedule(o.name, o.at);
            model.set(o.name, o.at);
          } else if (o.kind === 'cancel') {
            heap.cancel(o.name);
            model.delete(o.name);
          } else {
            const popped = heap.popDue(o.now);
            const expected = [...model].filter(([, at]) => at <= o.now);
            expect(popped.map((p) => p.name).sort()).toEqual(expected.map(([n]) => n).sort());
            expect(popped.map((p) => p.at)).toEqual([...popped.map((p) => p.at)].sort((x, y) => x - y));
            for (const [name] of expected) model.delete(name);
          }
          const earliest = model.size ? Math.min(...model.values()) : undefined;
          expect(heap.peek()).toBe(earliest);
          expect(heap.size).toBe(model.size);
        }
      }),
    );
  });

  it('stays small when a few monitors are rescheduled many times', () => {
    const heap = new TimerHeap();
    for (let i = 0; i < 10_000; i += 1) heap.schedule(`m${i % 3}`, i);
    expect(heap.size).toBe(3);
    expect(heap.popDue(20_000).map((p) => p.name)).toEqual(['m1', 'm2', 'm0']);
  });
});
