import { startTestApp, type TestApp } from '../../helpers/start-app';
import { OpsError, UserError } from '../../../src/robot/errors';
import { waitFor } from '../../helpers/wait-for';


describe('robot core', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ config: {}, scripts: false });
  });
  afterEach(async () => {
    await app.close();
  });

  it('answers respond listeners when addressed by name, mention id, or in a DM', async () => {
    app.robot.mentionIds.push('UBOT');
    app.robot.respond(/ping$/i, { name: 'ping' }, (res) => res.send('PONG'));
    expect(await app.adapter.say('ping')).toEqual(['PONG']);
    expect(await app.adapter.say('opsbot ping', { direct: false })).toEqual(['PONG']);
    expect(await app.adapter.say('@opsbot: ping', { direct: false })).toEqual(['PONG']);
    expect(await app.adapter.say('<@UBOT> ping', { direct: false })).toEqual(['PONG']);
    expect(await app.adapter.say('ping', { direct: false })).toEqual([]);
  });

  it('hears any message, addressed or not', async () => {
    app.robot.hear(/coffee/i, (res) => res.send('☕'));
    expect(await app.adapter.say('who wants coffee?', { direct: false })).toEqual(['☕']);
  });

  it('gives the handler the match, user, channel and thread', async () => {
    let seen: unknown;
    app.robot.respond(/echo (\S+)/, { name: 'echo' }, (res) => {
      seen = { arg: res.match[1], user: res.user, channel: res.channel, thread: res.thread };
    });
    await app.adapter.say('opsbot echo hi', { direct: false, channel: 'C1', thread: '123.4', user: { id: 'U9', name: 'bob' } });
    expect(seen).toEqual({ arg: 'hi', user: { id: 'U9', name: 'bob' }, channel: 'C1', thread: '123.4' });
  });

  it('prefers the listener whose match covers more of the command', async () => {
    app.robot.respond(/deploy (\S+)/, { name: 'deploy' }, (res) => res.send(`deploying ${res.match[1]}`));
    app.robot.respond(/deploy status(?: (\S+))?$/, { name: 'deploy.status' }, (res) => res.send('status'));
    expect(await app.adapter.say('deploy status api')).toEqual(['status']);
    expect(await app.adapter.say('deploy api')).toEqual(['deploying api']);
  });

  it('updates a message it sent earlier (living messages)', async () => {
    app.robot.respond(/progress$/, { name: 'progress' }, async (res) => {
      const ref = await res.send('0%');
      await res.update(ref, '50%');
      await res.update(ref, '100%');
    });
    await app.adapter.say('progress');
    const message = app.adapter.posted.at(-1)!;
    expect(message.text).toBe('100%');
    expect(message.edits).toEqual(['50%', '100%']);
  });

  it('suggests the closest known command for an unknown one', async () => {
    app.robot.addHelp({ script: 'x', description: '', configuration: '', commands: [{ usage: 'deploy <service>', description: 'ship it' }] });
    expect(await app.adapter.say('deplyo api')).toEqual(["I don't know `deplyo api`. Did you mean `deploy <service>`? Try `help`."]);
    expect(await app.adapter.say('frobnicate')).toEqual(["I don't know `frobnicate`. Try `help`."]);
  });

  it('turns a throwing listener into a short reply, logs it and tells the admin channel', async () => {
    app.robot.respond(/deploy (\S+)/, { name: 'deploy' }, () => {
      throw new Error('disk full');
    });
    await app.adapter.say('deploy api');
    expect(app.adapter.textsIn('shell')).toEqual(['deploy failed: disk full']);
    expect(app.logs.join('')).toContain('disk full');
    // The alert router groups for a moment before posting to the admin channel.
    await waitFor(() => app.adapter.textsIn('ops-alerts').join('\n').includes('disk full'));
  });

  it('survives a rejected promise and answers the next command', async () => {
    app.robot.respond(/boom$/, { name: 'boom' }, async () => {
      await Promise.reject(new Error('kaboom'));
    });
    app.robot.respond(/ping$/, { name: 'ping' }, (res) => res.send('PONG'));
    await app.adapter.say('boom');
    await app.adapter.say('ping');
    expect(app.adapter.textsIn('shell')).toEqual(['boom failed: kaboom', 'PONG']);
  });

  it('replies to expected errors without alerting the admins', async () => {
    app.robot.respond(/deploy (\S+)/, { name: 'deploy' }, () => {
      throw new OpsError('not_found', 'no service named "nope"');
    });
    app.robot.respond(/scale (\S+)/, { name: 'scale' }, () => {
      throw new UserError('scale takes a group name');
    });
    expect(await app.adapter.say('deploy nope')).toEqual(['deploy failed: no service named "nope"']);
    expect(await app.adapter.say('scale x')).toEqual(['scale takes a group name']);
    expect(app.adapter.textsIn('ops-alerts')).toEqual([]);
  });

  it('runs listener middleware in order and lets it stop a command', async () => {
    const order: string[] = [];
    app.robot.listenerMiddleware(async (context, next) => {
      order.push(`a:${context.listener.spec.name}`);
      await next();
    });
    app.robot.listenerMiddleware(async (context, next) => {
      order.push('b');
      if (context.response.match[1] === 'prod') {
        await context.response.reply('denied');
        return;
      }
      await next();
    });
    app.robot.respond(/deploy (\S+)/, { name: 'deploy' }, (res) => res.send('ok'));
    expect(await app.adapter.say('deploy dev')).toEqual(['ok']);
    expect(await app.adapter.say('deploy prod')).toEqual(['denied']);
    expect(order).toEqual(['a:deploy', 'b', 'a:deploy', 'b']);
  });

  it('handles bad input: empty, control characters, 100 KB lines', async () => {
    app.robot.respond(/ping$/, { name: 'ping' }, (res) => res.send('PONG'));
    expect(await app.adapter.say('')).toEqual([]);
    expect(await app.adapter.say('   ')).toEqual([]);
    expect(await app.adapter.say('pi\u0000ng\u001b')).toEqual(['PONG']);
    const [long] = await app.adapter.say('x'.repeat(100_000));
    expect(long).toMatch(/too long \(100000 characters\)/);
  });

  it('routes button clicks to the handler registered for their action id', async () => {
    const clicks: string[] = [];
    app.robot.onAction('alerts.ack', (event, reply) => {
      clicks.push(event.value);
      return reply(`acked by ${event.user.name}`);
    });
    await app.robot.handleAction({ actionId: 'alerts.ack:g1', value: 'g1', user: { id: 'U1', name: 'alice' }, channel: 'C1', messageTs: '1.2' });
    expect(clicks).toEqual(['g1']);
    expect(app.adapter.posted.at(-1)).toMatchObject({ channel: 'C1', thread: '1.2', text: 'acked by alice' });
  });

  it('runs scheduled jobs without overlap and stops them at shutdown', async () => {
    let runs = 0;
    const job = app.robot.every('tick', 10, async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
    });
    await new Promise((resolve) => setTimeout(resolve, 120));
    job.stop();
    const seen = runs;
    expect(seen).toBeGreaterThanOrEqual(1);
    expect(seen).toBeLessThanOrEqual(4);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runs).toBe(seen);
  });

  it('waits for commands in flight at shutdown', async () => {
    let finished = false;
    app.robot.respond(/slow$/, { name: 'slow' }, async (res) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished = true;
      await res.send('done');
    });
    void app.adapter.say('slow');
    await app.robot.shutdown(5000);
    expect(finished).toBe(true);
  });
});
