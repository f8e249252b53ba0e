import { z } from 'zod';
import { fingerprintOf, parseTime, withStandardLabels, type Alert } from '../alert';
import { parsePayload } from './payload-error';
import type { SnsMessage } from './sns-verify';

const SnsSchema = z.looseObject({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'], { message: 'expected Notification, SubscriptionConfirmation or UnsubscribeConfirmation' }),
  MessageId: z.string().min(1),
  TopicArn: z.string().min(1),
  Message: z.string(),
  Timestamp: z.string().min(1),
  SignatureVersion: z.string().min(1),
  Signature: z.string().min(1),
  SigningCertURL: z.string().min(1),
  Subject: z.string().optional(),
  SubscribeURL: z.string().optional(),
  Token: z.string().optional(),
});

export function parseSnsBody(text: string): SnsMessage {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return parsePayload(SnsSchema, undefined) as SnsMessage;
  }
  return parsePayload(SnsSchema, body) as SnsMessage;
}

const CloudWatchAlarm = z.looseObject({
  AlarmName: z.string(),
  AlarmDescription: z.string().nullish(),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  NewStateReason: z.string().optional(),
  StateChangeTime: z.string().optional(),
  Region: z.string().optional(),
  AlarmArn: z.string().optional(),
  AWSAccountId: z.string().optional(),
  Trigger: z
    .looseObject({
      MetricName: z.string().optional(),
      Namespace: z.string().optional(),
      Dimensions: z.array(z.looseObject({ name: z.string(), value: z.string() })).optional(),
    })
    .nullish(),
});

export type InsufficientData = 'ignore' | 'firing' | 'resolved';

/**
 * A notification's alert: CloudWatch alarm state changes map ALARM → firing and OK → resolved;
 * any other message on the topic becomes a firing alert keyed by topic and subject.
 */
export function fromSnsNotification(message: SnsMessage, now: number, insufficientData: InsufficientData): Alert | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.Message);
  } catch {
    parsed = undefined;
  }
  const alarm = CloudWatchAlarm.safeParse(parsed);
  if (!alarm.success) {
    const subject = message.Subject ?? 'SNS notification';
    return withStandardLabels({
      source: 'sns',
      fingerprint: fingerprintOf({ source: 'sns', topic: message.TopicArn, subject }),
      status: 'firing',
      severity: 'warning',
      labels: { alertname: 'SnsNotification', topic: message.TopicArn.split(':').pop() ?? message.TopicArn },
      summary: subject,
      details: message.Message.slice(0, 3000),
      links: [],
      startsAt: parseTime(message.Timestamp) ?? now,
    });
  }
  const data = alarm.data;
  const state = data.NewStateValue === 'ALARM' ? 'firing' : data.NewStateValue === 'OK' ? 'resolved' : insufficientData === 'ignore' ? undefined : insufficientData;
  if (!state) return undefined;
  const dimensions = Object.fromEntries((data.Trigger?.Dimensions ?? []).map((d) => [d.name, d.value]));
  const labels: Record<string, string> = { alertname: data.AlarmName, ...(data.Region ? { region: data.Region } : {}), ...(data.Trigger?.Namespace ? { namespace: data.Trigger.Namespace } : {}), ...(data.Trigger?.MetricName ? { metric: data.Trigger.MetricName } : {}), ...dimensions };
  const changed = parseTime(data.StateChangeTime?.replace(/\+0000$/, 'Z')) ?? parseTime(message.Timestamp) ?? now;
  return withStandardLabels({
    source: 'sns',
    fingerprint: fingerprintOf({ source: 'sns', alarm: data.AlarmArn ?? data.AlarmName }),
    status: state,
    severity: 'critical',
    service: dimensions.service ?? dimensions.AutoScalingGroupName,
    labels: { severity: 'critical', ...labels },
    summary: data.AlarmDescription ? `${data.AlarmName}: ${data.AlarmDescription}` : data.AlarmName,
    details: data.NewStateReason,
    links: data.Region ? [{ label: 'alarm', url: `https://console.aws.amazon.com/cloudwatch/home?region=${data.Region}#alarmsV2:alarm/${encodeURIComponent(data.AlarmName)}` }] : [],
    startsAt: changed,
    endsAt: state === 'resolved' ? changed : undefined,
  });
}
