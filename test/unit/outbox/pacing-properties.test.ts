import fc from 'fast-check';
import { backoffMs } from '../../../src/outbox/backoff';
import { fullBucket, intervalMs, take, waitMs, type Pacing } from '../../../src/outbox/token-bucket';

describe('token bucket pacing', () => {
  it('never lets more than burst + elapsed/interval messages through in any window', () => {
    fc.assert(
      fc.property(
        fc.record({ perSecond: fc.double({ min: 0.2, max: 50, noNaN: true }), burst: fc.integer({ min: 1, max: 10 }), marginMs: fc.integer({ min: 0, max: 50 }) }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 60 }),
        (pacing: Pacing, gaps) => {
          let now = 0;
          let state = fullBucket(pacing, now);
          const sent: number[] = [];
          for (const gap of gaps) {
            now += gap;
            now += waitMs(state, pacing, now);
            state = take(state, pacing, now);
            sent.push(now);
          }
          const interval = intervalMs(pacing);
          for (let i = 0; i < sent.length; i++) {
            for (let j = i; j < sent.length; j++) {
              const allowed = pacing.burst + Math.floor((sent[j] - sent[i]) / interval) + 1;
              expect(j - i + 1).toBeLessThanOrEqual(allowed);
            }
          }
        },
      ),
    );
  });

  it('lets a message go at once when the bucket has a token', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), (burst) => {
        const pacing = { perSecond: 1, burst };
        let state = fullBucket(pacing, 0);
        for (let i = 0; i < burst; i++) {
          expect(waitMs(state, pacing, 0)).toBe(0);
          state = take(state, pacing, 0);
        }
        expect(waitMs(state, pacing, 0)).toBe(1000);
      }),
    );
  });
});

describe('backoff', () => {
  it('stays between half and all of min(max, base * 2^(n-1)) and never reaches zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, random) => {
        const policy = { baseMs: 500, maxMs: 60_000 };
        const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
        const wait = backoffMs(attempt, policy, () => random);
        expect(wait).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(wait).toBeLessThanOrEqual(ceiling);
        expect(wait).toBeGreaterThan(0);
      }),
    );
  });
});
