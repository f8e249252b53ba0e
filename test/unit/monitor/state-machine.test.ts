import fc from 'fast-check';
import { step, type Announcement, type MachineInput, type MachineSettings } from '../../../src/monitor/state-machine';
import { initialState, type MonitorState } from '../../../src/monitor/types';

const settings: MachineSettings = { retries: 2, recoverAfter: 1, remind: 3_600_000 };
const ok = (at: number): MachineInput => ({ kind: 'result', result: { ok: true, at, latencyMs: 5 } });
const fail = (at: number, reason = '503'): MachineInput => ({ kind: 'result', result: { ok: false, at, latencyMs: 5, reason } });

function run(inputs: Array<[MachineInput, number]>, s = settings, start: MonitorState = initialState(0)) {
  let state = start;
  const out: Array<Announcement & { now: number }> = [];
  for (const [input, now] of inputs) {
    const result = step(state, input, s, now);
    state = result.state;
    out.push(...result.announcements.map((a) => ({ ...a, now })));
  }
  return { state, out };
}

describe('monitor state machine', () => {
  it('re-checks before calling an outage, announces DOWN once with the failing expectation, UP once with its length', () => {
    const { state, out } = run([
      [ok(0), 0],
      [fail(60_000), 60_000],
      [fail(65_000), 65_000],
      [fail(70_000), 70_000],
      [fail(130_000), 130_000],
      [ok(190_000), 190_000],
      [ok(250_000), 250_000],
    ]);
    expect(out).toEqual([
      { type: 'down', reason: '503 after 3 tries', downSince: 60_000, now: 70_000 },
      { type: 'up', downSince: 60_000, upSince: 190_000, durationMs: 130_000, now: 190_000 },
    ]);
    expect(state.status).toBe('up');
  });

  it('treats one lost check as no outage', () => {
    const { state, out } = run([[ok(0), 0], [fail(60_000, 'timeout after 10s'), 60_000], [ok(65_000), 65_000]]);
    expect(out).toEqual([]);
    expect(state).toMatchObject({ status: 'up', failures: 0 });
  });

  it('waits for recoverAfter good checks in a row; a failure in between starts the count over', () => {
    const s = { ...settings, retries: 0, recoverAfter: 2 };
    const { out, state } = run([[fail(0), 0], [ok(10), 10], [fail(20), 20], [ok(30), 30], [ok(40), 40]], s);
    expect(out.map((a) => a.type)).toEqual(['down', 'up']);
    expect(out[0]).toMatchObject({ reason: '503 after 1 try' });
    expect(out[1]).toMatchObject({ downSince: 0, upSince: 30, durationMs: 30 });
    expect(state.status).toBe('up');
  });

  it('reminds every `remind` while still down, and not while paused', () => {
    const s = { ...settings, retries: 0, remind: 100 };
    const { out } = run([[fail(0), 0], [fail(50), 50], [fail(100), 100], [{ kind: 'tick' }, 150], [{ kind: 'tick' }, 200], [{ kind: 'pause' }, 210], [{ kind: 'tick' }, 400], [{ kind: 'resume' }, 500], [{ kind: 'tick' }, 500]], s);
    expect(out.map((a) => [a.type, a.now])).toEqual([['down', 0], ['reminder', 100], ['reminder', 200], ['reminder', 500]]);
    expect(out[1]).toMatchObject({ reason: '503', durationMs: 100, downSince: 0 });
  });

  it('ignores results while paused and resumes by itself when the pause ends', () => {
    const { state, out } = run([[ok(0), 0], [{ kind: 'pause', until: 1000, by: 'alice' }, 10], [fail(20), 20], [fail(30), 30], [fail(40), 40]]);
    expect(out).toEqual([]);
    expect(state.paused).toEqual({ since: 10, until: 1000, by: 'alice' });
    const later = step(state, fail(1100), settings, 1100);
    expect(later.state.paused).toBeUndefined();
    expect(later.state.status).toBe('pending');
  });

  // ---- properties --------------------------------------------------------------------------

  const inputArb: fc.Arbitrary<{ input: 'ok' | 'fail' | 'pause' | 'resume' | 'tick'; gap: number }> = fc.record({
    input: fc.constantFrom('ok', 'fail', 'fail', 'ok', 'pause', 'resume', 'tick'),
    gap: fc.integer({ min: 1, max: 5_000 }),
  });
  const settingsArb = fc.record({ retries: fc.integer({ min: 0, max: 4 }), recoverAfter: fc.integer({ min: 1, max: 3 }), remind: fc.constantFrom(0, 1_000, 7_000) });

  function toInputs(seq: Array<{ input: string; gap: number }>): Array<[MachineInput, number]> {
    let now = 0;
    return seq.map(({ input, gap }) => {
      now += gap;
      const made: MachineInput =
        input === 'ok' ? ok(now) : input === 'fail' ? fail(now) : input === 'pause' ? { kind: 'pause' } : input === 'resume' ? { kind: 'resume' } : { kind: 'tick' };
      return [made, now];
    });
  }

  it('announces DOWN and UP strictly alternately, DOWN first; reminders only in between', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(inputArb, { maxLength: 80 }), (s, seq) => {
        const { out } = run(toInputs(seq), s);
        let down = false;
        for (const a of out) {
          if (a.type === 'down') expect(down).toBe(false);
          if (a.type === 'up' || a.type === 'reminder') expect(down).toBe(true);
          if (a.type === 'down') down = true;
          if (a.type === 'up') down = false;
        }
      }),
    );
  });

  it('announces DOWN only after retries+1 failed checks in a row (not counting paused time)', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(inputArb, { maxLength: 80 }), (s, seq) => {
        const inputs = toInputs(seq);
        let state = initialState(0);
        let streak = 0;
        for (const [input, now] of inputs) {
          const paused = Boolean(state.paused);
          const result = step(state, input, s, now);
          if (input.kind === 'result' && !paused) streak = input.result.ok ? 0 : streak + 1;
          if (input.kind === 'resume' && paused && state.status === 'pending') streak = 0;
          for (const a of result.announcements) if (a.type === 'down') expect(streak).toBe(s.retries + 1);
          state = result.state;
        }
      }),
    );
  });

  it("reports each outage's length as the time from its first failed check to its first good one", () => {
    fc.assert(
      fc.property(settingsArb, fc.array(inputArb, { maxLength: 80 }), (s, seq) => {
        const { out } = run(toInputs(seq), s);
        let lastDown: (Announcement & { type: 'down' }) | undefined;
        for (const a of out) {
          if (a.type === 'down') lastDown = a;
          if (a.type === 'up') {
            expect(a.downSince).toBe(lastDown!.downSince);
            expect(a.durationMs).toBe(a.upSince - a.downSince);
            expect(a.durationMs).toBeGreaterThanOrEqual(0);
          }
          if (a.type === 'reminder') expect(a.downSince).toBe(lastDown!.downSince);
        }
      }),
    );
  });

  it('spaces reminders at least `remind` apart', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(inputArb, { maxLength: 80 }), (s, seq) => {
        const { out } = run(toInputs(seq), s);
        let previous: number | undefined;
        for (const a of out) {
          if (a.type === 'down') previous = a.now;
          if (a.type === 'reminder') {
            expect(s.remind).toBeGreaterThan(0);
            expect(a.now - previous!).toBeGreaterThanOrEqual(s.remind);
            previous = a.now;
          }
        }
      }),
    );
  });

  it('a restart (state through JSON, as the store keeps it) changes nothing about what is announced', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(inputArb, { maxLength: 60 }), fc.nat(), (s, seq, cut) => {
        const inputs = toInputs(seq);
        const whole = run(inputs, s).out;
        const at = inputs.length === 0 ? 0 : cut % (inputs.length + 1);
        const first = run(inputs.slice(0, at), s);
        const restored = JSON.parse(JSON.stringify(first.state)) as MonitorState;
        const second = run(inputs.slice(at), s, restored);
        expect([...first.out, ...second.out]).toEqual(whole);
      }),
    );
  });
});
