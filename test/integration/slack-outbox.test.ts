import { FakeSlack } from '../fakes/fake-slack';
import { startSlackApp, type SlackTestApp } from '../fakes/fake-slack-app';

describe('the outbox against a rate-limiting fake Slack', () => {
  let slack: FakeSlack;
  let app: SlackTestApp;

  beforeEach(async () => {
    slack = await FakeSlack.start({ rateLimit: { perSecond: 1, burst: 3 } });
    app = await startSlackApp(slack);
  });
  afterEach(async () => {
    await app.close();
    await slack.close();
  });

  it('paces a 429 storm: never retries before Retry-After, loses and repeats nothing, other channels go on', async () => {
    // Slack is in a mood: the first three posts to #ops are refused with Retry-After: 2.
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 2 }, 3, 'C0OPS0001');
    for (let i = 0; i < 6; i++) await app.robot.messageRoom('ops', `ops ${i}`);
    for (let i = 0; i < 3; i++) await app.robot.messageRoom('deploys', `deploys ${i}`);

    await slack.waitFor(() => slack.messagesIn('C0DEPLOY1').length === 3, 5000);
    expect(slack.messagesIn('C0OPS0001')).toHaveLength(0); // #ops waits; #deploys did not wait for it

    await slack.waitFor(() => slack.messagesIn('C0OPS0001').length === 6, 20_000);
    expect(slack.messagesIn('C0OPS0001').map((m) => m.text)).toEqual(['ops 0', 'ops 1', 'ops 2', 'ops 3', 'ops 4', 'ops 5']);

    const ops = slack.callsOf('chat.postMessage').filter((call) => call.args.channel === 'C0OPS0001');
    for (let i = 1; i < ops.length; i++) {
      if (ops[i - 1].status !== 429) continue;
      // Exactly Retry-After (2 s), measured at the fake: a few ms of scheduling either way.
      expect(ops[i].at - ops[i - 1].at).toBeGreaterThanOrEqual(2000 - 15);
      expect(ops[i].at - ops[i - 1].at).toBeLessThan(2000 + 250);
    }
    // The fake's own limit (1/s, burst 3) was never tripped by the outbox's pacing.
    expect(ops.filter((call) => call.status === 429)).toHaveLength(3);
  }, 30_000);

  it('parks a message for a channel that does not exist and says so in the admin channel once', async () => {
    await app.robot.messageRoom('no-such-channel', 'lost?');
    await app.robot.messageRoom('no-such-channel', 'lost again?');
    const report = await slack.waitFor(() => slack.messagesIn('C0ALERTS1')[0]);
    expect(report.text).toMatch(/no-such-channel could not be delivered \(channel_not_found\)/);
    await app.robot.delivery.flush(2000);
    expect(slack.messagesIn('C0ALERTS1')).toHaveLength(1);
  });
});
