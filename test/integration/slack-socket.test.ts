import { FakeSlack } from '../fakes/fake-slack';
import { startSlackApp, type SlackTestApp } from '../fakes/fake-slack-app';
import type { Robot } from '../../src/robot/robot';

/** Listeners standing in for scripts: what ran, and with whom. */
function setup(ran: string[]) {
  return (robot: Robot) => {
    robot.respond(/ping$/i, { name: 'ping' }, (res) => res.send('PONG'));
    robot.respond(/whoami$/i, { name: 'whoami' }, (res) => res.send(`you are ${res.user.name} (${res.user.id})`));
    robot.respond(/deploy (\S+)$/i, { name: 'deploy' }, async (res) => {
      ran.push(`deploy ${res.match[1]}`);
      await res.send(`deploying ${res.match[1]}`);
    });
    robot.respond(/announce$/i, { name: 'announce' }, async (res) => {
      await robot.messageRoom('ops', { text: 'Silence this?', actions: [{ actionId: 'demo.silence:1', label: 'Silence', value: 'fp-1' }] });
      await res.send('announced');
    });
    robot.onAction('demo.silence', async (event, reply) => {
      ran.push(`clicked ${event.actionId} ${event.value} by ${event.user.name}`);
      await reply(`silenced ${event.value}`);
    });
  };
}

describe('the Slack adapter over Socket Mode (real Bolt, fake Slack)', () => {
  let slack: FakeSlack;
  let app: SlackTestApp | undefined;
  const ran: string[] = [];

  beforeEach(async () => {
    ran.length = 0;
    slack = await FakeSlack.start();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await slack.close();
  });

  it('answers a top-level mention in a thread under it, with the user’s display name', async () => {
    app = await startSlackApp(slack, { setup: setup(ran) });
    expect(app.robot.mentionIds).toContain(slack.botUserId);
    const { ts } = slack.mention('whoami', { channel: 'C0DEPLOY1' });
    const reply = await slack.waitFor(() => slack.messages.find((m) => m.threadTs === ts));
    expect(reply).toMatchObject({ channel: 'C0DEPLOY1', text: 'you are Alice (U0ALICE01)' });
    expect(app.adapter.connected()).toBe(true);
  });

  it('answers a mention inside a thread in that thread, and a DM in the DM', async () => {
    app = await startSlackApp(slack, { setup: setup(ran) });
    slack.mention('ping', { threadTs: '1700000000.000100' });
    const inThread = await slack.waitFor(() => slack.messages.find((m) => m.text === 'PONG'));
    expect(inThread).toMatchObject({ channel: 'C0OPS0001', threadTs: '1700000000.000100' });
    slack.dm('ping');
    const inDm = await slack.waitFor(() => slack.messages.find((m) => m.channel === 'D0DIRECT1'));
    expect(inDm).toMatchObject({ text: 'PONG', threadTs: undefined });
  });

  it('runs a re-delivered envelope once, also after a restart', async () => {
    app = await startSlackApp(slack, { setup: setup(ran) });
    const { envelopeId } = slack.mention('deploy api');
    await slack.waitFor(() => slack.messages.find((m) => m.text === 'deploying api'));
    slack.socket.redeliver(envelopeId);
    await slack.waitFor(() => slack.socket.ackCount(envelopeId) === 2);

    const dataDir = app.dataDir;
    await app.stop();
    app = await startSlackApp(slack, { setup: setup(ran), dataDir });
    await slack.waitFor(() => slack.socket.open === 1);
    slack.socket.redeliver(envelopeId, 'timeout');
    await slack.waitFor(() => slack.socket.ackCount(envelopeId) === 3);
    slack.mention('ping');
    await slack.waitFor(() => slack.messages.find((m) => m.text === 'PONG'));
    expect(ran).toEqual(['deploy api']);
    expect(slack.messages.filter((m) => m.text === 'deploying api')).toHaveLength(1);
  });

  it('ignores its own messages', async () => {
    app = await startSlackApp(slack, { setup: setup(ran) });
    slack.sendEvent({ type: 'app_mention', user: slack.botUserId, bot_id: slack.botId, text: `<@${slack.botUserId}> deploy api`, ts: slack.nextTs(), channel: 'C0OPS0001' });
    slack.mention('ping');
    await slack.waitFor(() => slack.messages.find((m) => m.text === 'PONG'));
    expect(ran).toEqual([]);
  });

  it('posts to a channel named in config and routes a button click to its handler', async () => {
    app = await startSlackApp(slack, { setup: setup(ran) });
    slack.mention('announce', { channel: 'C0DEPLOY1' });
    const card = await slack.waitFor(() => slack.messages.find((m) => m.text.startsWith('Silence this?')));
    expect(card.channel).toBe('C0OPS0001');
    expect(JSON.stringify(card.blocks)).toContain('demo.silence:1');
    slack.click(card, 'demo.silence:1', 'fp-1');
    const reply = await slack.waitFor(() => slack.messages.find((m) => m.text === 'silenced fp-1'));
    expect(reply).toMatchObject({ channel: 'C0OPS0001', threadTs: card.ts });
    expect(ran).toEqual(['clicked demo.silence:1 fp-1 by alice']);
  });

  it('reconnects after Slack’s disconnect message and after a dropped socket', async () => {
    app = await startSlackApp(slack, { setup: setup(ran) });
    slack.socket.disconnect('refresh_requested');
    await slack.waitFor(() => slack.socket.connectionsOpened === 2 && slack.socket.open === 1);
    slack.socket.drop();
    await slack.waitFor(() => slack.socket.connectionsOpened === 3 && slack.socket.open === 1);
    slack.mention('ping');
    await slack.waitFor(() => slack.messages.find((m) => m.text === 'PONG'));
    expect(slack.callsOf('apps.connections.open')).toHaveLength(3);
  });

  it('stops at start with a clear error when Slack says invalid_auth', async () => {
    slack.authError = 'invalid_auth';
    app = await startSlackApp(slack, { setup: setup(ran), noStart: true });
    await expect(app.start()).rejects.toThrow(/Slack refused the bot token \(invalid_auth\): check SLACK_BOT_TOKEN/);
    slack.authError = undefined;
    slack.connectionsError = 'invalid_auth';
    const second = await startSlackApp(slack, { setup: setup(ran), noStart: true });
    await expect(second.start()).rejects.toThrow(/Slack refused the app token \(invalid_auth\): check SLACK_APP_TOKEN/);
    await second.close();
  });
});
