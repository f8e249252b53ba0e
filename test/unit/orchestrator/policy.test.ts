import fc from 'fast-check';
import { chooseVictim, decide, type PolicyInput, type PolicyInstance, type PolicySettings } from '../../../src/orchestrator/policy';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

const settingsArb: fc.Arbitrary<PolicySettings> = fc
  .record({
    min: fc.integer({ min: 0, max: 5 }),
    extra: fc.integer({ min: 0, max: 10 }),
    low: fc.integer({ min: 10, max: 85 }),
    gap: fc.integer({ min: 1, max: 14 }),
    step: fc.constantFrom('one' as const, 'proportional' as const),
    cooldownMin: fc.integer({ min: 0, max: 15 }),
    warmupMin: fc.integer({ min: 0, max: 15 }),
    minReporting: fc.constantFrom(0.25, 0.5, 1),
    protectFirst: fc.boolean(),
  })
  .map((s) => ({
    min: s.min,
    max: Math.max(1, s.min + s.extra),
    low: s.low,
    high: s.low + s.gap,
    step: s.step,
    cooldownMs: s.cooldownMin * MIN,
    warmupMs: s.warmupMin * MIN,
    minReporting: s.minReporting,
    protected: s.protectFirst ? ['i0'] : [],
  }));

const instancesArb = fc
  .array(
    fc.record({
      ageMin: fc.integer({ min: 0, max: 180 }),
      state: fc.constantFrom('running', 'running', 'running', 'pending', 'stopping'),
      load: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
    }),
    { maxLength: 16 },
  )
  .map((list) => list.map((i, index): PolicyInstance => ({ id: `i${index}`, launchTime: NOW - i.ageMin * MIN, state: i.state, load: i.state === 'pending' ? undefined : i.load })));

const inputArb: fc.Arbitrary<PolicyInput> = fc.record({
  now: fc.constant(NOW),
  instances: instancesArb,
  settings: settingsArb,
  lastActionAt: fc.option(fc.integer({ min: NOW - 60 * MIN, max: NOW }), { nil: undefined }),
  scaleInBlockedBy: fc.option(fc.constant('a deploy of web:production holds its lock'), { nil: undefined }),
});

const counted = (input: PolicyInput) => input.instances.filter((i) => i.state === 'pending' || i.state === 'running').length;
const isReady = (input: PolicyInput, i: PolicyInstance) => i.state === 'running' && input.now - i.launchTime >= input.settings.warmupMs;

describe('scaling policy (properties)', () => {
  it('never leaves [min, max] when it starts inside, and never launches above max', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const n = counted(input);
        const d = decide(input);
        if (d.action === 'launch') {
          expect(d.count).toBeGreaterThanOrEqual(1);
          expect(n + d.count).toBeLessThanOrEqual(input.settings.max);
        }
        if (d.action === 'terminate' && n <= input.settings.max) {
          expect(n - 1).toBeGreaterThanOrEqual(input.settings.min);
          expect(n - 1).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('takes no second action inside the cooldown', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const inside = input.lastActionAt !== undefined && input.now - input.lastActionAt < input.settings.cooldownMs;
        if (inside) expect(decide(input).action).toBe('hold');
      }),
      { numRuns: 2000 },
    );
  });

  it('never scales in when an instance past warm-up has no data, or while a deploy holds the lock', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const missing = input.instances.some((i) => isReady(input, i) && i.load === undefined);
        const d = decide(input);
        if (d.action === 'terminate' && counted(input) <= input.settings.max) {
          expect(missing).toBe(false);
          expect(input.scaleInBlockedBy).toBeUndefined();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never terminates a protected instance nor one still warming up when scaling in', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = decide(input);
        if (d.action !== 'terminate') return;
        expect(input.settings.protected).not.toContain(d.instanceId);
        if (counted(input) <= input.settings.max) expect(isReady(input, input.instances.find((i) => i.id === d.instanceId)!)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('has no division by zero: every number it reports is finite', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const d = decide(input);
        expect(d.reason).not.toMatch(/NaN|Infinity|undefined/);
        if (d.stats.median !== undefined) expect(Number.isFinite(d.stats.median)).toBe(true);
        if (d.stats.predicted !== undefined) expect(Number.isFinite(d.stats.predicted)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('launches once per spike: the launched instances, pending or warming, stop further launches', () => {
    const spike = fc.record({
      settings: settingsArb,
      n: fc.integer({ min: 1, max: 8 }),
      load: fc.double({ min: 0, max: 100, noNaN: true }),
      laterMin: fc.integer({ min: 0, max: 14 }),
      pendingState: fc.constantFrom('pending', 'running'),
    });
    fc.assert(
      fc.property(spike, ({ settings, n, load, laterMin, pendingState }) => {
        const fleet: PolicyInstance[] = Array.from({ length: n }, (_, i) => ({ id: `i${i}`, launchTime: NOW - 600 * MIN, state: 'running', load }));
        const first = decide({ now: NOW, instances: fleet, settings });
        if (first.action !== 'launch' || first.stats.median! <= settings.high) return;
        const later = Math.min(laterMin * MIN, Math.max(0, settings.warmupMs - 1));
        const launched: PolicyInstance[] = Array.from({ length: first.count }, (_, i) => ({ id: `new${i}`, launchTime: NOW, state: pendingState }));
        const second = decide({ now: NOW + later, instances: [...fleet, ...launched], settings, lastActionAt: NOW });
        expect(second.action).not.toBe('launch');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('scaling policy (examples with numbers)', () => {
  const settings: PolicySettings = { min: 1, max: 10, high: 90, low: 80, step: 'one', cooldownMs: 5 * MIN, warmupMs: 5 * MIN, minReporting: 0.5, protected: [] };
  const running = (id: string, load: number | undefined, ageMin = 60): PolicyInstance => ({ id, launchTime: NOW - ageMin * MIN, state: 'running', load });

  it('scales out on a median above high and says so in numbers', () => {
    const d = decide({ now: NOW, settings, instances: [running('a', 95), running('b', 93), running('c', 40)] });
    expect(d).toMatchObject({ action: 'launch', count: 1, reason: 'median 93.0% > high 90% over 3 instances' });
  });

  it('ignores one server stuck at 100%: the median holds', () => {
    const d = decide({ now: NOW, settings, instances: [running('a', 85), running('b', 86), running('stuck', 100)] });
    expect(d.action).toBe('hold');
    expect(d.stats.median).toBe(86);
  });

  it('scales in only when the load predicted on n−1 stays under low, choosing the lowest load', () => {
    const d = decide({ now: NOW, settings, instances: [running('a', 50), running('b', 60), running('c', 55), running('d', 58)] });
    expect(d.action).toBe('terminate');
    expect(d.reason).toBe('median 56.5% × 4/3 = 75.3% on 3 < low 80%; a has the lowest load (50.0%)');
    const stay = decide({ now: NOW, settings, instances: [running('a', 65), running('b', 62)] });
    expect(stay).toMatchObject({ action: 'hold', reason: 'median 63.5% within marks; median 63.5% × 2/1 = 127.0% on 1 ≥ low 80%' });
  });

  it('never counts a fresh instance without data as 0% (the seed bug)', () => {
    const d = decide({ now: NOW, settings: { ...settings, warmupMs: 0 }, instances: [running('a', 50), running('b', 52), running('c', 55), running('fresh', undefined, 1)] });
    expect(d.stats.median).toBe(52);
    expect(d.stats.noData).toEqual(['fresh']);
    expect(d.action).toBe('hold');
    expect(d.reason).toContain('no CPU data from fresh');
  });

  it('never scales in at n=1 and holds when too few instances report', () => {
    expect(decide({ now: NOW, settings: { ...settings, min: 0 }, instances: [running('a', 1)] }).action).toBe('hold');
    const few = decide({ now: NOW, settings, instances: [running('a', 99), running('b', undefined), running('c', undefined)] });
    expect(few).toMatchObject({ action: 'hold', reason: 'only 1 of 3 instances past warm-up reported CPU (need 2); no data: b, c' });
  });

  it('sizes a proportional step with ceil(n·median/target)', () => {
    const d = decide({ now: NOW, settings: { ...settings, step: 'proportional', target: 70 }, instances: [running('a', 98), running('b', 99), running('c', 97), running('d', 99)] });
    expect(d).toMatchObject({ action: 'launch', count: 2, reason: 'median 98.5% > high 90%: ceil(4 × 98.5 / 70) = 6 needed, have 4' });
  });

  it('breaks load ties by terminating the newest instance, never a protected one', () => {
    const a = running('old', 40, 120);
    const b = running('new', 40, 30);
    expect(chooseVictim([a, b], [])?.id).toBe('new');
    expect(chooseVictim([a, b], ['new'])?.id).toBe('old');
  });

  it('restores min and trims above max', () => {
    expect(decide({ now: NOW, settings: { ...settings, min: 3 }, instances: [running('a', 50)] })).toMatchObject({ action: 'launch', count: 2, reason: '1 instance < min 3' });
    expect(decide({ now: NOW, settings: { ...settings, max: 1 }, instances: [running('a', 50), running('b', 20)] })).toMatchObject({ action: 'terminate', instanceId: 'b' });
  });
});
