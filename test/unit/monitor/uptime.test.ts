import { formatUptime, recordCheck, uptimeRatio, type UptimeRecord } from '../../../src/monitor/uptime';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('uptime buckets', () => {
  it('weighs each check by the time it stands for and reports 24h and 7d separately', () => {
    let record: UptimeRecord | undefined;
    const start = 100 * DAY;
    // Six days ago: one hour down. Today: 30 minutes down out of 2 hours.
    for (let t = 0; t < HOUR; t += 60_000) record = recordCheck(record, start - 6 * DAY + t, false, 60_000);
    for (let t = 0; t < 2 * HOUR; t += 60_000) record = recordCheck(record, start + t, t >= 30 * 60_000, 60_000);
    const now = start + 2 * HOUR;
    expect(uptimeRatio(record, now, DAY)).toBeCloseTo(0.75, 5);
    expect(uptimeRatio(record, now, 7 * DAY)).toBeCloseTo(1.5 / 3, 5);
    expect(formatUptime(uptimeRatio(record, now, DAY))).toBe('75.0%');
  });

  it('keeps at most a week of hourly buckets (compact for thousands of monitors)', () => {
    let record: UptimeRecord | undefined;
    for (let t = 0; t < 30 * DAY; t += 30_000) record = recordCheck(record, t, true, 30_000);
    expect(record!.buckets.length).toBeLessThanOrEqual(7 * 24 + 1);
    expect(JSON.stringify(record).length).toBeLessThan(6000);
    expect(uptimeRatio(record, 30 * DAY, DAY)).toBe(1);
  });

  it('says nothing rather than 0% when never observed, and never rounds a failure up to 100%', () => {
    expect(uptimeRatio(undefined, 0, DAY)).toBeUndefined();
    expect(formatUptime(undefined)).toBe('–');
    expect(formatUptime(0.99999)).toBe('99.99%');
  });
});
