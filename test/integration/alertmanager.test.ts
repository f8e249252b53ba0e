import { startAlertmanager, type RunningAlertmanager } from '../helpers/alertmanager';
import { startTestApp, type TestApp } from '../helpers/start-app';
import { waitFor } from '../helpers/wait-for';

const TOKEN = 'am-token-1234567';
let app: TestApp;
let am: RunningAlertmanager;

beforeAll(async () => {
  app = await startTestApp({
    config: {
      alerts: {
        defaultChannel: 'alerts',
        groupWait: 0,
        groupInterval: 0.5,
        routes: [
          { match: { service: 'db' }, channel: 'db' },
          { match: { severity: 'critical' }, channel: 'oncall', mention: '@oncall', continue: true },
        ],
        webhooks: { alertmanager: { token: TOKEN } },
      },
    },
  });
  am = await startAlertmanager({ webhookUrl: `http://127.0.0.1:${app.port}/hooks/alertmanager`, token: TOKEN, groupWait: '1s', groupInterval: '1s' });
}, 30_000);

afterAll(async () => {
  await am?.stop();
  await app?.close();
});

/** What the bot posted and Alertmanager printed, for a test that timed out. */
const diagnostics = () => `posted: ${JSON.stringify(app.adapter.posted.map((p) => [p.channel, p.text]))}\n${am.output()}`;

test('alerts fired at real Alertmanager are routed, grouped, and resolved by editing the message', async () => {
  const disk = (instance: string) => ({ labels: { alertname: 'DiskFull', service: 'db', severity: 'warning', instance }, annotations: { summary: `disk full on ${instance}` } });
  const down = { labels: { alertname: 'ApiDown', service: 'api', severity: 'critical' }, annotations: { summary: 'api is down' } };
  await am.fire([disk('db1'), disk('db2'), down]);

  const dbMessage = await waitFor(() => app.adapter.posted.find((p) => p.channel === 'db' && p.text.includes('db2') && p.text.includes('db1')), { what: diagnostics, timeoutMs: 15_000 });
  expect(dbMessage.text).toMatch(/FIRING \[warning\] alertname=DiskFull service=db: 2 alerts/);
  const oncall = await waitFor(() => app.adapter.posted.find((p) => p.channel === 'oncall'), { what: diagnostics, timeoutMs: 15_000 });
  expect(oncall.text).toMatch(/^@oncall\nFIRING \[critical\] api is down/);
  // A route matched, so the default channel gets nothing (continue only reaches later routes).
  expect(app.adapter.posted.filter((p) => p.channel === 'alerts')).toHaveLength(0);
  // Alertmanager re-sends the group each group_interval; duplicates make no new messages.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  expect(app.adapter.posted.filter((p) => p.channel === 'db' && !p.thread)).toHaveLength(1);

  await am.resolve([disk('db1'), disk('db2')]);
  await waitFor(() => /^RESOLVED alertname=DiskFull service=db after/.test(dbMessage.text), { what: diagnostics, timeoutMs: 15_000 });
  expect(app.adapter.posted.filter((p) => p.channel === 'db')).toHaveLength(1);
  expect(dbMessage.edits.length).toBeGreaterThanOrEqual(1);
  expect(oncall.text).toMatch(/FIRING/);
}, 45_000);
