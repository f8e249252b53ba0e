import { SimulatedCloudProvider } from '../../../src/cloud/simulated/simulated-cloud-provider';
import { groupConfig, orchestratorHarness } from './helpers';

const MIN = 60_000;

function simulated(overrides: Record<string, unknown> = {}) {
  const config = groupConfig({ tags: { role: 'web' }, min: 2, max: 6, cooldown: '3m', warmup: '2m', channel: '#ops', service: 'web', ...overrides });
  const h = orchestratorHarness(config, (store, clock) => new SimulatedCloudProvider({ store, clock, bootMs: 30_000 }));
  const sim = h.cloud as SimulatedCloudProvider;
  return { ...h, sim, seed: (instances = 3, load = 70) => sim.seedGroup('web', { tags: { role: 'web' }, namePrefix: 'web-', instances, load }) };
}

describe('orchestrator on the simulated fleet', () => {
  it('in simulate mode announces "would launch" once per cooldown and changes nothing', async () => {
    const h = simulated();
    await h.seed();
    await h.sim.setLoad('web', 95);

    await h.orchestrator.tick('web');
    h.clock.advance(MIN);
    await h.orchestrator.tick('web');

    expect(h.decided).toEqual([
      { group: 'web', mode: 'simulate', action: 'launch', count: 1, reason: expect.stringMatching(/^median 9\d\.\d% > high 90% over 3 instances$/), median: expect.any(Number), n: 3, predicted: expect.any(Number), executed: false, channel: 'ops' },
    ]);
    expect(await h.sim.listInstances({ tags: { role: 'web' } })).toHaveLength(3);
    expect((await h.orchestrator.history('web')).map((e) => `${e.kind} ${e.executed}`)).toEqual(['launch false']);
    await h.close();
  });

  it('in act mode launches once during a spike, waits for warm-up, then the new instance takes load', async () => {
    const h = simulated();
    await h.seed();
    await h.sim.setLoad('web', 96);
    await h.orchestrator.setMode('web', 'act', 'alice');

    for (let minute = 0; minute < 9; minute += 1) {
      await h.orchestrator.tick('web');
      h.clock.advance(MIN);
    }

    expect(h.decided.filter((e) => e.action === 'launch')).toHaveLength(1);
    expect(h.decided[0]).toMatchObject({ mode: 'act', executed: true, count: 1, instanceIds: [expect.stringMatching(/^i-0sim/)] });
    const fleet = await h.sim.listInstances({ tags: { role: 'web' } });
    expect(fleet.map((i) => i.name).sort()).toEqual(['web-1', 'web-2', 'web-3', 'web-4']);
    const status = await h.orchestrator.evaluate('web');
    expect(status.decision.stats.n).toBe(4);
    expect(status.decision.stats.median).toBeLessThan(80);
    await h.close();
  });

  it('scale-in waits while a deploy of the service holds its lock, then terminates the lowest load', async () => {
    const h = simulated();
    await h.seed(4, 50);
    await h.orchestrator.setMode('web', 'act', 'alice');
    await h.store.put('deploy.locks', 'web:production', { user: 'bob' });

    const blocked = await h.orchestrator.tick('web');
    expect(blocked?.decision).toMatchObject({ action: 'hold', reason: expect.stringContaining('but a deploy of web:production holds its lock') });

    await h.store.delete('deploy.locks', 'web:production');
    const freed = await h.orchestrator.tick('web');
    expect(freed?.decision.action).toBe('terminate');
    expect((await h.sim.listInstances({ tags: { role: 'web' } })).length).toBe(3);
    await h.close();
  });

  it('never scales in on an instance without data, and holds while paused', async () => {
    const h = simulated();
    await h.seed(4, 50);
    const [first] = await h.sim.listInstances({ tags: { role: 'web' } });
    await h.sim.setFault(first.id, 'noData', true);

    const evaluation = await h.orchestrator.evaluate('web');
    expect(evaluation.decision).toMatchObject({ action: 'hold', reason: expect.stringContaining(`but no CPU data from ${first.id}: never scale in blind`) });

    await h.orchestrator.setPaused('web', true, 'alice');
    expect(await h.orchestrator.tick('web')).toBeUndefined();
    expect(h.decided).toEqual([]);
    await h.close();
  });

  it('keeps the median through a server stuck at 100%', async () => {
    const h = simulated();
    await h.seed(4, 50);
    const [first] = await h.sim.listInstances({ tags: { role: 'web' } });
    await h.sim.setFault(first.id, 'stuck', true);
    const evaluation = await h.orchestrator.evaluate('web');
    expect(evaluation.observation.instances.find((i) => i.id === first.id)?.load).toBe(100);
    // The other three share the traffic at about 67%: the median stays there, the mean would not.
    expect(evaluation.decision.stats.median).toBeLessThan(72);
    expect(evaluation.decision).toMatchObject({ action: 'hold', reason: expect.stringMatching(/≥ low 80%$/) });
    await h.close();
  });

  it('replays the policy beside target tracking over the fleet history', async () => {
    const h = simulated();
    await h.seed(3, 70);
    const report = await h.orchestrator.backtest('web', { days: 1 });
    expect(report).toMatch(/scale backtest web: 1\.0 days from simulated CPU history of 3 of 3 instances/);
    expect(report).toMatch(/opsbot \(median, predicted\)\s+\d+\s+\d\.\d\d/);
    expect(report).toMatch(/target tracking 50% avg/);
    await h.close();
  });

  it('names unknown groups', async () => {
    const h = simulated();
    await expect(h.orchestrator.evaluate('api')).rejects.toThrow('no scaling group "api"; groups: web');
    await h.close();
  });
});
