// Uptime over 24 h and 7 d, kept compact: per monitor one KV value holding hourly buckets of
// seconds observed up and seconds observed in total (169 buckets at most), not one row per check.

const HOUR = 3_600_000;
const KEEP_HOURS = 7 * 24 + 1;

/** [hour index since the epoch, seconds up, seconds observed]. */
export type UptimeBucket = [number, number, number];

export interface UptimeRecord {
  buckets: UptimeBucket[];
}

/**
 * Adds one check to the record. A check stands for the time since the previous one (at most
 * `maxWeightMs`, so a bot that was stopped does not count its downtime against the target).
 */
export function recordCheck(record: UptimeRecord | undefined, at: number, ok: boolean, weightMs: number): UptimeRecord {
  const hour = Math.floor(at / HOUR);
  const seconds = Math.max(0, weightMs) / 1000;
  const buckets = (record?.buckets ?? []).filter(([h]) => h > hour - KEEP_HOURS);
  const last = buckets[buckets.length - 1];
  if (last && last[0] === hour) {
    buckets[buckets.length - 1] = [hour, round(last[1] + (ok ? seconds : 0)), round(last[2] + seconds)];
  } else buckets.push([hour, ok ? round(seconds) : 0, round(seconds)]);
  return { buckets };
}

/** Share of observed time that was up over the last `windowMs` (hour resolution); undefined when never observed. */
export function uptimeRatio(record: UptimeRecord | undefined, now: number, windowMs: number): number | undefined {
  const from = Math.floor((now - windowMs) / HOUR);
  let up = 0;
  let total = 0;
  for (const [hour, upSeconds, totalSeconds] of record?.buckets ?? []) {
    if (hour <= from) continue;
    up += upSeconds;
    total += totalSeconds;
  }
  return total > 0 ? up / total : undefined;
}

export function formatUptime(ratio: number | undefined): string {
  if (ratio === undefined) return '–';
  if (ratio >= 1) return '100%';
  const percent = ratio * 100;
  return `${percent >= 99 ? Math.min(99.99, Math.floor(percent * 100) / 100).toFixed(2) : percent.toFixed(1)}%`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
