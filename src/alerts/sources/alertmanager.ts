import { z } from 'zod';
import { fingerprintOf, normalizeSeverity, parseTime, withStandardLabels, type Alert } from '../alert';
import { parsePayload } from './payload-error';

const labelMap = z.record(z.string(), z.string());

/** One alert in Alertmanager's payload; Grafana's webhook sends the same shape with a few more fields. */
export const AlertmanagerAlert = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelMap,
  annotations: labelMap.default({}),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

/** Alertmanager's webhook payload, version 4. Unknown fields are accepted (newer versions add some). */
const AlertmanagerPayload = z.looseObject({
  version: z.string().refine((v) => v === '4', { message: 'expected version "4" (Alertmanager webhook payload)' }),
  groupKey: z.string(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  externalURL: z.string().optional(),
  alerts: z.array(AlertmanagerAlert),
});

export function fromAlertmanager(body: unknown, now: number): Alert[] {
  const payload = parsePayload(AlertmanagerPayload, body);
  return payload.alerts.map((item) => {
    const annotations = item.annotations;
    const links = [
      ...(item.generatorURL ? [{ label: 'source', url: item.generatorURL }] : []),
      ...(annotations.runbook_url ? [{ label: 'runbook', url: annotations.runbook_url }] : []),
      ...(annotations.dashboard ? [{ label: 'dashboard', url: annotations.dashboard }] : []),
    ];
    const name = item.labels.alertname ?? 'alert';
    const where = item.labels.instance ?? item.labels.job;
    return withStandardLabels({
      source: 'alertmanager',
      fingerprint: item.fingerprint || fingerprintOf(item.labels),
      status: item.status,
      severity: normalizeSeverity(item.labels.severity),
      service: item.labels.service ?? item.labels.job,
      labels: item.labels,
      summary: annotations.summary ?? annotations.message ?? `${name}${where ? ` on ${where}` : ''}`,
      details: annotations.description,
      links,
      startsAt: parseTime(item.startsAt) ?? now,
      endsAt: item.status === 'resolved' ? parseTime(item.endsAt) ?? now : undefined,
    });
  });
}
