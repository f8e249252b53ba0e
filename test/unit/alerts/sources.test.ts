import { fromAlertmanager } from '../../../src/alerts/sources/alertmanager';
import { fromGeneric } from '../../../src/alerts/sources/generic';
import { fromGrafana } from '../../../src/alerts/sources/grafana';
import { PayloadError } from '../../../src/alerts/sources/payload-error';
import { fromSnsNotification } from '../../../src/alerts/sources/sns';
import { isSnsUrl, verifySnsSignature } from '../../../src/alerts/sources/sns-verify';
import { fromLogError, fromMonitorDown, fromMonitorUp, fromDeployFinished, fromScaleDecided } from '../../../src/alerts/sources/internal';
import { alarmMessage, createSnsSigner } from './sns-signer';

const now = Date.parse('2024-05-01T10:05:00Z');

test('Alertmanager v4: labels, annotations, links, Go zero time as unset, unknown fields accepted', () => {
  const alerts = fromAlertmanager(
    {
      version: '4',
      groupKey: '{}:{alertname="HighLatency"}',
      status: 'firing',
      truncatedAlerts: 0,
      somethingNew: { x: 1 },
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighLatency', severity: 'page', service: 'api', instance: 'a1' },
          annotations: { summary: 'p99 over 2s', runbook_url: 'https://runbooks/latency' },
          startsAt: '2024-05-01T10:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prom/graph',
          fingerprint: 'abc123',
        },
      ],
    },
    now,
  );
  expect(alerts).toEqual([
    expect.objectContaining({ fingerprint: 'abc123', status: 'firing', severity: 'critical', service: 'api', summary: 'p99 over 2s', startsAt: Date.parse('2024-05-01T10:00:00Z'), endsAt: undefined }),
  ]);
  expect(alerts[0].links.map((l) => l.label)).toEqual(['source', 'runbook']);
  expect(alerts[0].labels).toMatchObject({ alertname: 'HighLatency', severity: 'page', source: 'alertmanager' });
});

test('malformed payloads name the field', () => {
  expect(() => fromAlertmanager({ version: '4', groupKey: 'k', status: 'firing', alerts: [{ status: 'firing' }] }, now)).toThrow(new PayloadError('alerts.0.labels', 'required'));
  expect(() => fromAlertmanager({ version: '3', groupKey: 'k', status: 'firing', alerts: [] }, now)).toThrow(/version/);
  expect(() => fromGeneric({ event_action: 'trigger' }, now)).toThrow(/payload: required/);
  expect(() => fromGeneric({ event_action: 'resolve' }, now)).toThrow(/dedup_key: required/);
  expect(() => fromGeneric({ event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'bad' } }, now)).toThrow(/payload.severity/);
});

test('Grafana v1 and the generic (PagerDuty v2) shape', () => {
  const [grafana] = fromGrafana({ version: '1', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'CPU', severity: 'warning' }, annotations: {}, panelURL: 'http://g/panel', fingerprint: 'f1' }] }, now);
  expect(grafana).toMatchObject({ source: 'grafana', fingerprint: 'f1', severity: 'warning' });
  const trigger = fromGeneric({ event_action: 'trigger', dedup_key: 'k1', payload: { summary: 'queue stuck', source: 'worker-3', severity: 'error', component: 'jobs' } }, now);
  const resolve = fromGeneric({ event_action: 'resolve', dedup_key: 'k1' }, now);
  expect(trigger.kind === 'alert' && resolve.kind === 'alert' && trigger.alert.fingerprint === resolve.alert.fingerprint).toBe(true);
  expect(trigger).toMatchObject({ alert: { severity: 'critical', service: 'jobs', status: 'firing' } });
  expect(resolve).toMatchObject({ alert: { status: 'resolved' } });
});

test('SNS: CloudWatch ALARM fires, OK resolves, INSUFFICIENT_DATA follows config', () => {
  const base = { Type: 'Notification' as const, MessageId: 'm1', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms', Timestamp: '2024-05-01T10:00:01Z', SignatureVersion: '2', Signature: 'x', SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/c.pem' };
  const firing = fromSnsNotification({ ...base, Message: alarmMessage('ALARM') }, now, 'ignore');
  const ok = fromSnsNotification({ ...base, Message: alarmMessage('OK') }, now, 'ignore');
  expect(firing).toMatchObject({ status: 'firing', service: 'api', severity: 'critical' });
  expect(ok).toMatchObject({ status: 'resolved', fingerprint: firing!.fingerprint });
  const insufficient = alarmMessage('ALARM').replace('"ALARM"', '"INSUFFICIENT_DATA"');
  expect(fromSnsNotification({ ...base, Message: insufficient }, now, 'ignore')).toBeUndefined();
  expect(fromSnsNotification({ ...base, Message: 'plain text', Subject: 'hello' }, now, 'ignore')).toMatchObject({ summary: 'hello', status: 'firing' });
});

test('SNS signatures: versions 1 and 2 verify; tampering and foreign certificate hosts are refused before any fetch', async () => {
  const signer = createSnsSigner();
  const message = { Type: 'Notification' as const, MessageId: 'm1', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms', Message: alarmMessage('ALARM'), Timestamp: '2024-05-01T10:00:01Z', Subject: 'ALARM: api-5xx' };
  await verifySnsSignature(signer.sign(message, '1'), signer.fetchCertificate, Date.now());
  await verifySnsSignature(signer.sign(message, '2'), signer.fetchCertificate, Date.now());
  await expect(verifySnsSignature({ ...signer.sign(message), Message: 'changed' }, signer.fetchCertificate, Date.now())).rejects.toThrow(/Signature/);
  signer.fetched.length = 0;
  for (const url of ['http://sns.eu-west-1.amazonaws.com/c.pem', 'https://sns.eu-west-1.amazonaws.com.evil.io/c.pem', 'https://evil.io/sns.eu-west-1.amazonaws.com/c.pem', 'https://sns.eu-west-1.amazonaws.com:8443/c.pem', 'https://127.0.0.1/c.pem']) {
    await expect(verifySnsSignature({ ...signer.sign(message), SigningCertURL: url }, signer.fetchCertificate, Date.now())).rejects.toThrow(/SigningCertURL/);
  }
  expect(signer.fetched).toEqual([]);
  expect(isSnsUrl('https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription')).toBe(true);
});

test('internal events: monitor down/up share a fingerprint, deploy failures alert, log errors fold digits', () => {
  const monitor = { monitor: 'api-health', target: 'https://api/health', severity: 'critical' as const, labels: { service: 'api' }, channel: 'ops', downSince: now - 60_000 };
  const down = fromMonitorDown({ ...monitor, reason: '503 after 3 tries' });
  const up = fromMonitorUp({ ...monitor, upSince: now, durationMs: 60_000 });
  expect(down).toMatchObject({ status: 'firing', summary: 'api-health: 503 after 3 tries', channel: 'ops', service: 'api' });
  expect(up).toMatchObject({ status: 'resolved', fingerprint: down.fingerprint, endsAt: now });
  const deploy = { service: 'api', environment: 'production', ref: 'main', commit: 'abcdef1234', releaseId: 'r1', durationMs: 90_000, hosts: {}, user: 'alice' };
  const [notice, failure] = fromDeployFinished({ ...deploy, outcome: 'failed', failedHost: 'web-2', error: 'exit 1' }, now);
  expect(notice.status).toBe('resolved');
  expect(failure).toMatchObject({ status: 'firing', severity: 'critical', summary: expect.stringContaining('on web-2') });
  expect(fromDeployFinished({ ...deploy, outcome: 'succeeded' }, now)[1]).toMatchObject({ status: 'resolved', fingerprint: failure.fingerprint });
  const [scale] = fromScaleDecided({ group: 'web', mode: 'simulate', action: 'launch', count: 2, reason: 'median 93% > 90%', n: 4, executed: false }, now);
  expect(scale.summary).toContain('would launch 2 instances');
  const a = fromLogError({ level: 'error', msg: 'job 123 failed', time: now, context: { job: 'sync' } }, 'ops-alerts', 3_600_000);
  const b = fromLogError({ level: 'error', msg: 'job 456 failed', time: now, context: { job: 'sync' } }, 'ops-alerts', 3_600_000);
  expect(a.fingerprint).toBe(b.fingerprint);
  expect(a).toMatchObject({ channel: 'ops-alerts', endsAt: now + 3_600_000 });
});
