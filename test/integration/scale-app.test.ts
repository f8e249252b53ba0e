import { startTestApp, type TestApp } from '../helpers/start-app';
import type { ScaleDecided } from '../../src/events/ops-events';

describe('scale commands in the whole bot (sandbox)', () => {
  let app: TestApp;
  const decided: ScaleDecided[] = [];
  beforeAll(async () => {
    app = await startTestApp();
    app.robot.bus.on('scale.decided', (e) => decided.push(e));
  });
  afterAll(() => app.close());

  it('registers the cloud provider and the orchestrator as services', () => {
    expect(app.robot.services.cloud?.kind).toBe('simulated');
    expect(app.robot.services.orchestrator?.groupNames()).toEqual(['web']);
  });

  it('acts in act mode: a spike launches one instance, then the cooldown holds', async () => {
    await app.adapter.say('scale simulate web load 96');
    const asked = (await app.adapter.say('scale mode web act')).join('\n');
    const approval = /`(yes \w+)`/.exec(asked);
    if (approval) await app.adapter.say(approval[1], { user: { id: 'U2', name: 'bob' } });
    expect((await app.adapter.say('scale status web')).join('\n')).toMatch(/mode act/);

    const run = (await app.adapter.say('scale run web')).join('\n');
    expect(run).toMatch(/^scale web \(act\): launched i-0sim\w+ — median 9\d\.\d% > high 90% over 3 instances$/);
    expect(decided).toMatchObject([{ group: 'web', action: 'launch', mode: 'act', executed: true, channel: 'ops' }]);

    const again = (await app.adapter.say('scale run web')).join('\n');
    expect(again).toMatch(/hold — cooldown: \d+m( \d+s)? left of 2m after the last action/);
    const status = (await app.adapter.say('scale status web')).join('\n');
    expect(status).toMatch(/web-4 .* (pending|no data)/);
    expect(status).toMatch(/n=4 \(1 warming/);
  });

  it('pauses and resumes, answers clearly on bad input', async () => {
    expect(await app.adapter.say('scale pause web')).toEqual(['scale web: paused; `scale resume web` starts it again']);
    expect(await app.adapter.say('scale run web')).toEqual(['scale web is paused; `scale resume web` first']);
    expect(await app.adapter.say('scale resume web')).toEqual(['scale web: resumed']);
    expect((await app.adapter.say('scale status api')).join('\n')).toMatch(/no scaling group "api"; groups: web/);
    expect((await app.adapter.say('scale mode web fast')).join('\n')).toMatch(/expected `scale mode web simulate` or `scale mode web act`, not "fast"/);
    expect((await app.adapter.say('scale backtest web 40d')).join('\n')).toMatch(/between 1h and 15d/);
    expect((await app.adapter.say('scale simulate web load lots')).join('\n')).toMatch(/expected a CPU percentage between 0 and 100/);
  });

  it('backtests against target tracking at 50%', async () => {
    await app.adapter.say('scale backtest web 1d');
    const edited = app.adapter.posted[app.adapter.posted.length - 1].text;
    expect(edited).toMatch(/opsbot \(median, predicted\)/);
    expect(edited).toMatch(/target tracking 50% avg/);
    expect(edited).toMatch(/oracle ceil\(total\/100%\)/);
  });
});
