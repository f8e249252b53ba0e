import { z } from 'zod';
import { fingerprintOf, normalizeSeverity, parseTime, withStandardLabels, type Alert } from '../alert';
import { AlertmanagerAlert } from './alertmanager';
import { parsePayload } from './payload-error';


/** Grafana's webhook contact point payload, version "1" (Alertmanager's shape plus panel links). */
const GrafanaPayload = z.looseObject({
  version: z.string().refine((v) => v === '1', { message: 'expected version "1" (Grafana webhook payload)' }),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(
    AlertmanagerAlert.extend({
      dashboardURL: z.string().optional(),
      panelURL: z.string().optional(),
      silenceURL: z.string().optional(),
      valueString: z.string().optional(),
    }),
  ),
});

export function fromGrafana(body: unknown, now: number): Alert[] {
  const payload = parsePayload(GrafanaPayload, body);
  return payload.alerts.map((item) => {
    const links = [
      ...(item.generatorURL ? [{ label: 'rule', url: item.generatorURL }] : []),
      ...(item.dashboardURL ? [{ label: 'dashboard', url: item.dashboardURL }] : []),
      ...(item.panelURL ? [{ label: 'panel', url: item.panelURL }] : []),
      ...(item.annotations.runbook_url ? [{ label: 'runbook', url: item.annotations.runbook_url }] : []),
    ];
    const labels: Record<string, string> = { ...item.labels, alertname: item.labels.alertname ?? 'GrafanaAlert' };
    return withStandardLabels({
      source: 'grafana',
      fingerprint: item.fingerprint || fingerprintOf(labels),
      status: item.status,
      severity: normalizeSeverity(labels.severity),
      service: labels.service,
      labels,
      summary: item.annotations.summary ?? `${labels.alertname}${labels.grafana_folder ? ` (${labels.grafana_folder})` : ''}`,
      details: [item.annotations.description, item.valueString ? `values: ${item.valueString}` : undefined].filter(Boolean).join('\n') || undefined,
      links,
      startsAt: parseTime(item.startsAt) ?? now,
      endsAt: item.status === 'resolved' ? parseTime(item.endsAt) ?? now : undefined,
    });
  });
}
