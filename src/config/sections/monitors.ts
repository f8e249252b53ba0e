import { z } from 'zod';
import { channelName, durationMs, safeName } from '../types';

// Owned by the monitor (issue 6). Defaults follow Uptime Kuma's: check every minute, re-check
// twice before calling an outage, announce recovery after one good check, remind hourly.

const jsonValue = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'expected a string, number, true/false or null to compare with',
});

const statusCode = z.number({ error: 'expected an HTTP status code like 200' }).int().min(100, 'expected an HTTP status code like 200').max(599, 'expected an HTTP status code like 200');

export const HttpCheckSchema = z.strictObject({
  url: z
    .string({ error: 'expected a URL like "https://api.example.com/health"' })
    .refine((url) => /^https?:\/\/[^/\s]+/i.test(url) && URL.canParse(url), 'expected an http:// or https:// URL like "https://api.example.com/health"'),
  /** Accepted status codes. */
  status: z.array(statusCode).min(1, 'list at least one accepted status code, e.g. [200]').default([200]),
  /** The body must contain this text. */
  contains: z.string().min(1, 'expected the text the body must contain').optional(),
  /** A value in the JSON body: `path` like "status" or "checks.db[0].state". */
  json: z
    .strictObject({
      path: z.string().regex(/^\$?\.?[\w-]+(?:\.[\w-]+|\[\d+\])*$/, 'expected a path like "status" or "checks.db[0].state"'),
      equals: jsonValue,
    })
    .optional(),
  /** Slower answers count as failures ("2s"). */
  maxLatency: durationMs.optional(),
  /** https only: the certificate must stay valid for more than this many days. */
  certDays: z.number({ error: 'expected a number of days like 14' }).int().min(1, 'expected a number of days like 14').optional(),
  /** https only: a PEM file (path relative to the config file) with extra trusted CAs (internal CA, self-signed). */
  ca: z.string().min(1).optional(),
});

export const TcpCheckSchema = z.strictObject({
  host: z.string().min(1, 'expected a host name or address'),
  port: z.number({ error: 'expected a port number like 5432' }).int().min(1, 'expected a port number between 1 and 65535').max(65535, 'expected a port number between 1 and 65535'),
});

export const MonitorSeverity = z.enum(['critical', 'warning', 'info'], { error: 'expected critical, warning or info' });

const labels = z
  .object({ service: z.string().min(1).optional(), severity: MonitorSeverity.optional() })
  .catchall(z.string({ error: 'expected label values to be text' }));

export const MonitorSchema = z
  .strictObject({
    name: safeName,
    http: HttpCheckSchema.optional(),
    tcp: TcpCheckSchema.optional(),
    interval: durationMs.pipe(z.number().min(1000, 'the interval must be at least 1s')).default(60_000),
    timeout: durationMs.pipe(z.number().min(100, 'the timeout must be at least 100ms')).default(10_000),
    /** Quick re-checks after a failure before the monitor is DOWN. */
    retries: z.number({ error: 'expected a number of retries like 2' }).int().min(0).max(10, 'at most 10 retries').default(2),
    retryDelay: durationMs.pipe(z.number().min(100, 'the retry delay must be at least 100ms')).default(5_000),
    /** Consecutive good checks before a DOWN monitor is UP again. */
    recoverAfter: z.number({ error: 'expected a number of good checks like 1' }).int().min(1, 'recoverAfter is at least 1').max(100).default(1),
    /** Reminder while still down; 0 turns reminders off. */
    remind: durationMs.default(3_600_000),
    channel: channelName.optional(),
    labels: labels.default({}),
  })
  .superRefine((monitor, context) => {
    const kinds = [monitor.http, monitor.tcp].filter(Boolean).length;
    if (kinds !== 1) context.addIssue({ code: 'custom', message: kinds === 0 ? 'give what to check: http: { url } or tcp: { host, port }' : 'give either http or tcp, not both' });
    if (monitor.timeout > monitor.interval) context.addIssue({ code: 'custom', path: ['timeout'], message: `the timeout (${monitor.timeout / 1000}s) must not exceed the interval (${monitor.interval / 1000}s)` });
    if (monitor.remind > 0 && monitor.remind < 60_000) context.addIssue({ code: 'custom', path: ['remind'], message: 'remind at most once a minute ("1m" or more), or 0 for never' });
  });

export const MonitorsSection = z
  .array(MonitorSchema, { error: 'expected a list of monitors, each with a name and http or tcp' })
  .superRefine((monitors, context) => {
    const seen = new Set<string>();
    monitors.forEach((monitor, index) => {
      const key = monitor.name.toLowerCase();
      if (seen.has(key)) context.addIssue({ code: 'custom', path: [index, 'name'], message: `another monitor is already named "${monitor.name}"` });
      seen.add(key);
    });
  });

export type MonitorConfig = z.infer<typeof MonitorSchema>;
export type MonitorConfigInput = z.input<typeof MonitorSchema>;
