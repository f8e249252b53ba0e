import { z } from 'zod';
import { fingerprintOf, normalizeSeverity, parseTime, withStandardLabels, type Alert } from '../alert';
import { parsePayload, PayloadError } from './payload-error';

/** PagerDuty Events API v2's shape: the lingua franca of "send us an alert" integrations. */
const GenericEvent = z.looseObject({
  event_action: z.enum(['trigger', 'resolve', 'acknowledge'], { message: 'expected trigger, resolve or acknowledge' }),
  dedup_key: z.string().min(1).max(255).optional(),
  payload: z
    .looseObject({
      summary: z.string().min(1).max(1024),
      source: z.string().min(1),
      severity: z.enum(['critical', 'error', 'warning', 'info'], { message: 'expected critical, error, warning or info' }),
      timestamp: z.string().optional(),
      component: z.string().optional(),
      group: z.string().optional(),
      class: z.string().optional(),
      custom_details: z.unknown().optional(),
    })
    .optional(),
  links: z.array(z.looseObject({ href: z.string(), text: z.string().optional() })).default([]),
});

export type GenericResult = { kind: 'alert'; alert: Alert } | { kind: 'acknowledge'; fingerprint: string };

export function fromGeneric(body: unknown, now: number): GenericResult {
  const event = parsePayload(GenericEvent, body);
  if (event.event_action !== 'trigger') {
    if (!event.dedup_key) throw new PayloadError('dedup_key', `required for ${event.event_action}`);
    const fingerprint = fingerprintOf({ source: 'generic', dedup_key: event.dedup_key });
    if (event.event_action === 'acknowledge') return { kind: 'acknowledge', fingerprint };
  }
  if (event.event_action === 'trigger' && !event.payload) throw new PayloadError('payload', 'required for trigger');
  const payload = event.payload;
  const dedupKey = event.dedup_key ?? fingerprintOf({ summary: payload!.summary, source: payload!.source });
  const labels: Record<string, string> = {
    alertname: payload?.class ?? 'GenericAlert',
    severity: payload?.severity ?? 'info',
    instance: payload?.source ?? '',
    ...(payload?.component ? { service: payload.component } : {}),
    ...(payload?.group ? { group: payload.group } : {}),
  };
  const details = payload?.custom_details === undefined ? undefined : typeof payload.custom_details === 'string' ? payload.custom_details : JSON.stringify(payload.custom_details, null, 2);
  const alert = withStandardLabels({
    source: 'generic',
    fingerprint: fingerprintOf({ source: 'generic', dedup_key: dedupKey }),
    status: event.event_action === 'resolve' ? 'resolved' : 'firing',
    severity: normalizeSeverity(payload?.severity, 'info'),
    service: payload?.component,
    labels,
    summary: payload?.summary ?? '',
    details,
    links: event.links.map((link) => ({ label: link.text ?? 'link', url: link.href })),
    startsAt: parseTime(payload?.timestamp) ?? now,
    endsAt: event.event_action === 'resolve' ? now : undefined,
  });
  return { kind: 'alert', alert };
}
