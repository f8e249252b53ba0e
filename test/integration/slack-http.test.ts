import { FakeSlack } from '../fakes/fake-slack';
import { startSlackApp, type SlackTestApp } from '../fakes/fake-slack-app';

const SECRET = 'test-signing-secret';

describe('the Slack adapter in HTTP mode (POST /slack/events on the bot’s server)', () => {
  let slack: FakeSlack;
  let app: SlackTestApp;
  let ran: string[];

  beforeEach(async () => {
    ran = [];
    slack = await FakeSlack.start();
    app = await startSlackApp(slack, {
      env: { SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: SECRET },
      setup: (robot) =>
        robot.respond(/deploy (\S+)$/i, { name: 'deploy' }, async (res) => {
          ran.push(res.match[1]);
          await res.send(`deploying ${res.match[1]}`);
        }),
    });
  });
  afterEach(async () => {
    await app.close();
    await slack.close();
  });

  const post = (body: string, headers: Record<string, string>) => fetch(`http://127.0.0.1:${app.port}/slack/events`, { method: 'POST', body, headers });
  const mentionBody = (text: string) => JSON.stringify(slack.eventCallback({ type: 'app_mention', user: 'U0ALICE01', text: `<@${slack.botUserId}> ${text}`, ts: slack.nextTs(), channel: 'C0OPS0001' }));

  it('runs a correctly signed event and answers in a thread', async () => {
    expect(app.adapter.connected()).toBe(true);
    expect(slack.socket.connectionsOpened).toBe(0);
    const body = mentionBody('deploy api');
    const ok = await post(body, FakeSlack.sign(SECRET, body));
    expect(ok.status).toBe(200);
    const reply = await slack.waitFor(() => slack.messages.find((m) => m.text === 'deploying api'));
    expect(reply.threadTs).toBe((JSON.parse(body) as { event: { ts: string } }).event.ts);
  });

  it('answers 401 to a forged signature and to a stale timestamp, and runs nothing', async () => {
    const body = mentionBody('deploy api');
    const forged = await post(body, FakeSlack.sign('not-the-secret', body));
    expect(forged.status).toBe(401);
    const stale = await post(body, FakeSlack.sign(SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(stale.status).toBe(401);
    const unsigned = await post(body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ran).toEqual([]);
    expect(slack.messages).toHaveLength(0);
  });

  it('answers the url_verification challenge', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'challenge-123', type: 'url_verification' });
    const response = await post(body, FakeSlack.sign(SECRET, body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'challenge-123' });
  });

  it('runs a retried delivery (X-Slack-Retry-Num) once', async () => {
    const body = mentionBody('deploy web');
    await post(body, FakeSlack.sign(SECRET, body));
    await post(body, { ...FakeSlack.sign(SECRET, body), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await slack.waitFor(() => slack.messages.find((m) => m.text === 'deploying web'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ran).toEqual(['web']);
  });
});
