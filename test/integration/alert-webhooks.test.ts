import { createHmac } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/start-app';
import { alarmMessage, createSnsSigner } from '../unit/alerts/sns-signer';
import { waitFor } from '../helpers/wait-for';

const TOKEN = 'test-token-123456';
const signer = createSnsSigner();
let app: TestApp;
let confirmed: string[];

beforeAll(async () => {
  app = await startTestApp({
    config: {
      bot: { adminChannel: 'admins' },
      auth: { roles: { oncall: { users: ['*'] } }, rules: [{ command: 'alerts.*', roles: ['oncall'] }] },
      alerts: {
        defaultChannel: 'alerts',
        groupWait: 0,
        groupInterval: 0.5,
        routes: [{ match: { service: 'db' }, channel: 'db' }],
        webhooks: {
          alertmanager: { token: TOKEN },
          grafana: { token: TOKEN, hmacSecret: 'grafana-secret', timestampHeader: 'X-Grafana-Alerting-Timestamp' },
          sns: { token: TOKEN, topicArns: ['arn:aws:sns:eu-west-1:123456789012:alarms'] },
          generic: { token: TOKEN, rateLimit: { perMinute: 1, burst: 6 } },
        },
      },
    },
  });
  confirmed = [];
  app.robot.services.alertsCertificateFetcher = signer.fetchCertificate;
  app.robot.services.alertsSubscriptionConfirmer = async (url) => {
    confirmed.push(url);
  };
});
afterAll(() => app.close());

function post(path: string, body: unknown, headers: Record<string, string> = {}, token: string | null = TOKEN): Promise<Response> {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return fetch(`http://127.0.0.1:${app.port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}


const amPayload = (status: 'firing' | 'resolved', service = 'db') => ({
  version: '4',
  groupKey: 'g',
  status,
  receiver: 'bot',
  alerts: [{ status, labels: { alertname: 'DiskFull', service, instance: 'db1' }, annotations: { summary: `disk full on ${service}` }, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z', fingerprint: `fp-${service}` }],
});

test('tokens: missing or wrong → 401, bearer or ?token= → accepted', async () => {
  expect((await post('/hooks/alertmanager', amPayload('firing'), {}, null)).status).toBe(401);
  expect((await post('/hooks/alertmanager', amPayload('firing'), {}, 'wrong-token-value')).status).toBe(401);
  const viaQuery = await fetch(`http://127.0.0.1:${app.port}/hooks/alertmanager?token=${TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(amPayload('firing')) });
  expect(viaQuery.status).toBe(200);
  expect(await viaQuery.json()).toEqual({ status: 'ok', accepted: 1 });
  const posted = await waitFor(() => app.adapter.posted.find((p) => p.channel === 'db'));
  expect(posted.text).toContain('disk full on db');

  expect((await post('/hooks/alertmanager', amPayload('resolved'))).status).toBe(200);
  await waitFor(() => posted.edits.length > 0 && /RESOLVED/.test(posted.text));
  expect(posted.text).toMatch(/RESOLVED disk full on db after 1m/);
});

test('bad input: oversized → 413, malformed → 400 naming the field, wrong content type → 415', async () => {
  const big = JSON.stringify({ ...amPayload('firing'), padding: 'x'.repeat(1_100_000) });
  expect((await post('/hooks/alertmanager', big)).status).toBe(413);
  const broken = await post('/hooks/alertmanager', '{"version": "4",');
  expect(broken.status).toBe(400);
  const missing = await post('/hooks/alertmanager', { version: '4', groupKey: 'g', status: 'firing', alerts: [{ status: 'firing' }] });
  expect(missing.status).toBe(400);
  expect(await missing.json()).toMatchObject({ field: 'alerts.0.labels' });
  expect((await post('/hooks/alertmanager', 'version=4', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
});

test('Grafana: the HMAC signature over "timestamp:body" is checked', async () => {
  const body = JSON.stringify({ version: '1', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'GrafanaCPU', service: 'web' }, annotations: { summary: 'cpu hot' } }] });
  const ts = String(Math.floor(Date.now() / 1000));
  const good = createHmac('sha256', 'grafana-secret').update(`${ts}:${body}`).digest('hex');
  expect((await post('/hooks/grafana', body, { 'X-Grafana-Alerting-Signature': good, 'X-Grafana-Alerting-Timestamp': ts })).status).toBe(200);
  expect((await post('/hooks/grafana', body, { 'X-Grafana-Alerting-Signature': good.replace(/^./, '0'), 'X-Grafana-Alerting-Timestamp': ts })).status).toBe(403);
  expect((await post('/hooks/grafana', body)).status).toBe(403);
  await waitFor(() => app.adapter.posted.find((p) => p.channel === 'alerts' && p.text.includes('cpu hot')));
});

test('SNS: text/plain body, signature checked, subscription confirmed, MessageId deduped', async () => {
  const topic = 'arn:aws:sns:eu-west-1:123456789012:alarms';
  const text = (message: unknown) => ({ 'content-type': 'text/plain; charset=UTF-8', body: JSON.stringify(message) });
  const send = (message: unknown) => post('/hooks/sns', text(message).body, { 'content-type': 'text/plain; charset=UTF-8' });

  const confirmation = signer.sign({ Type: 'SubscriptionConfirmation', MessageId: 'c1', TopicArn: topic, Message: 'confirm', Timestamp: new Date().toISOString(), Token: 't', SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t' });
  expect((await send(confirmation)).status).toBe(200);
  expect(confirmed).toEqual([confirmation.SubscribeURL]);
  const evil = signer.sign({ ...confirmation, SubscribeURL: 'https://169.254.169.254/latest/meta-data' });
  expect((await send(evil)).status).toBe(400);
  expect(confirmed).toHaveLength(1);

  const alarm = signer.sign({ Type: 'Notification', MessageId: 'n1', TopicArn: topic, Subject: 'ALARM', Message: alarmMessage('ALARM', 'db-cpu').replace('"value":"api"', '"value":"db"'), Timestamp: new Date().toISOString() });
  expect((await send(alarm)).status).toBe(200);
  expect(await (await send(alarm)).json()).toEqual({ status: 'ok', accepted: 0 });
  expect((await send({ ...alarm, Message: 'forged' })).status).toBe(403);
  expect((await send(signer.sign({ ...alarm, MessageId: 'n9', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:other' }))).status).toBe(400);
  const posted = await waitFor(() => app.adapter.posted.find((p) => p.text.includes('db-cpu')));
  expect(posted.channel).toBe('db');
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(app.adapter.posted.filter((p) => p.text.includes('db-cpu'))).toHaveLength(1);

  const ok = signer.sign({ Type: 'Notification', MessageId: 'n2', TopicArn: topic, Message: alarmMessage('OK', 'db-cpu').replace('"value":"api"', '"value":"db"'), Timestamp: new Date().toISOString() });
  expect((await send(ok)).status).toBe(200);
  await waitFor(() => /RESOLVED/.test(posted.text));
});

test('generic: trigger, acknowledge, resolve; then the per-source rate limit answers 429', async () => {
  const trigger = { event_action: 'trigger', dedup_key: 'q1', payload: { summary: 'queue stuck', source: 'worker-3', severity: 'warning' } };
  expect((await post('/hooks/alert', trigger)).status).toBe(200);
  const posted = await waitFor(() => app.adapter.posted.find((p) => p.text.includes('queue stuck')));
  expect((await post('/hooks/alert', { event_action: 'acknowledge', dedup_key: 'q1' })).status).toBe(200);
  await waitFor(() => posted.text.includes('acked by webhook'));
  expect((await post('/hooks/alert', { event_action: 'resolve', dedup_key: 'q1' })).status).toBe(200);
  await waitFor(() => /RESOLVED queue stuck/.test(posted.text));
  const statuses: number[] = [];
  for (let i = 0; i < 5; i += 1) statuses.push((await post('/hooks/alert', trigger)).status);
  expect(statuses).toContain(429);
  const limited = await post('/hooks/alert', trigger);
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
});

test('log errors reach the admin channel once, and a broken admin channel does not loop', async () => {
  app.logger.error({ job: 'sync' }, 'sync job 17 failed');
  app.logger.error({ job: 'sync' }, 'sync job 18 failed');
  const posted = await waitFor(() => app.adapter.posted.find((p) => p.channel === 'admins'));
  expect(posted.text).toMatch(/sync job 1[78] failed/);
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(app.adapter.posted.filter((p) => p.channel === 'admins')).toHaveLength(1);

  const original = { post: app.adapter.post.bind(app.adapter), edit: app.adapter.edit.bind(app.adapter) };
  let attempts = 0;
  app.adapter.post = async (target, message) => {
    if (target.channel === 'admins') {
      attempts += 1;
      throw new Error('channel_not_found');
    }
    return original.post(target, message);
  };
  app.adapter.edit = async (channel, ts, message) => {
    if (channel === 'admins') {
      attempts += 1;
      throw new Error('channel_not_found');
    }
    return original.edit(channel, ts, message);
  };
  try {
    app.logger.error({ job: 'other' }, 'other job failed');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(attempts).toBeGreaterThan(0);
    expect(attempts).toBeLessThanOrEqual(3);
  } finally {
    Object.assign(app.adapter, original);
  }
});

test('alerts lists what fires; the buttons ack and silence', async () => {
  const trigger = { version: '4', groupKey: 'g2', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'Latency', service: 'db', severity: 'critical' }, annotations: { summary: 'db slow' } }] };
  expect((await post('/hooks/alertmanager', trigger)).status).toBe(200);
  const posted = await waitFor(() => app.adapter.posted.find((p) => p.text.includes('db slow')));
  const listing = await app.adapter.say('alerts');
  expect(listing.join('\n')).toMatch(/\[critical\] db slow · alertmanager · #db/);
  const actions = (posted.message as { actions: Array<{ actionId: string; value: string }> }).actions;
  expect(actions.map((a) => a.actionId.split(':')[0])).toEqual(['alerts.ack', 'alerts.silence']);
  await app.robot.handleAction({ actionId: actions[0].actionId, value: actions[0].value, user: { id: 'U2', name: 'bob' }, channel: 'db', messageTs: posted.ts });
  await waitFor(() => posted.text.includes('acked by bob'));
  await app.robot.handleAction({ actionId: actions[1].actionId, value: actions[1].value, user: { id: 'U2', name: 'bob' }, channel: 'db', messageTs: posted.ts });
  await waitFor(() => /^SILENCED/.test(posted.text));
  const silences = await app.adapter.say('alerts silences');
  expect(silences.join('\n')).toMatch(/alertname=Latency service=db · 59m/);
});
