import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "500ms", "30s", "5m", "1h30m", "7d" (or a bare number of seconds) into milliseconds. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 1000 : undefined;
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed.replace(/\s+/g, '')) return undefined;
  return parts.reduce((total, part) => total + Number(part[1]) * UNITS[part[2]], 0);
}

/** A duration in config ("30s", "5m", or seconds as a number), parsed to milliseconds. */
export const durationMs = z.union([z.string(), z.number()]).transform((value, context) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    context.addIssue({ code: 'custom', message: 'expected a duration like "30s", "5m", "1h" or a number of seconds' });
    return z.NEVER;
  }
  return ms;
});

/** A Slack channel: "#ops", "ops" or an id like "C0123ABCD"; stored without the "#". */
export const channelName = z
  .string()
  .regex(/^#?[a-z0-9][a-z0-9._-]{0,79}$/i, 'expected a channel like "#ops" or a channel id')
  .transform((name) => name.replace(/^#/, ''));

/** Names used in commands and remote paths (services, environments, groups, monitors). */
export const safeName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'expected a name of letters, digits, "-" and "_"');
