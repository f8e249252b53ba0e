import { createHash } from 'node:crypto';

export type AlertSource = 'alertmanager' | 'grafana' | 'sns' | 'generic' | 'log' | 'monitor' | 'deploy' | 'scale';
export type AlertStatus = 'firing' | 'resolved';
export type Severity = 'critical' | 'warning' | 'info';

export interface AlertLink {
  label: string;
  url: string;
}

/** The one alert model every source is translated into. Times are epoch milliseconds. */
export interface Alert {
  source: AlertSource;
  /** Identity across updates: the same fingerprint is the same alert (dedupe). */
  fingerprint: string;
  status: AlertStatus;
  severity: Severity;
  service?: string;
  /** What routes, groups and silences match on; always holds alertname, severity and source. */
  labels: Record<string, string>;
  summary: string;
  details?: string;
  links: AlertLink[];
  startsAt: number;
  /** For firing alerts: when it resolves by itself unless refreshed (Alertmanager's endsAt). */
  endsAt?: number;
  /** The emitter's preferred channel; used when no route matches (see routing.ts). */
  channel?: string;
}

/** Alertmanager-style: a stable hash of the sorted label set. */
export function fingerprintOf(labels: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(labels).sort()) hash.update(`${name}\u0000${labels[name]}\u0000`);
  return hash.digest('hex').slice(0, 16);
}

/** Maps the many spellings of severity (Alertmanager labels, PagerDuty, Grafana) onto three. */
export function normalizeSeverity(value: unknown, fallback: Severity = 'warning'): Severity {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (['critical', 'crit', 'error', 'page', 'high', 'p1', 'p2', 'fatal', 'emergency', 'alert'].includes(text)) return 'critical';
  if (['warning', 'warn', 'medium', 'p3', 'major', 'minor'].includes(text)) return 'warning';
  if (['info', 'informational', 'low', 'notice', 'p4', 'p5', 'none', 'debug'].includes(text)) return 'info';
  return fallback;
}

/** Fills the labels every alert carries so routes can match on them. */
export function withStandardLabels(alert: Omit<Alert, 'labels'> & { labels?: Record<string, string> }): Alert {
  const labels: Record<string, string> = { ...(alert.labels ?? {}) };
  labels.alertname ??= alert.source;
  labels.severity ??= alert.severity;
  labels.source ??= alert.source;
  if (alert.service) labels.service ??= alert.service;
  return { ...alert, labels, service: alert.service ?? labels.service };
}

/** Accepts ISO strings, epoch seconds or ms; Go's zero time ("0001-01-01T00:00:00Z") means unset. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
  if (typeof value !== 'string' || !value) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return ms;
}
