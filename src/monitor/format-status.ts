import type { RichMessage } from '../robot/message';
import { formatDuration } from '../robot/format';
import type { MonitorView } from './monitor-service';
import { formatUptime } from './uptime';

const ORDER: Record<MonitorView['status'], number> = { DOWN: 0, PENDING: 1, PAUSED: 2, UNKNOWN: 3, UP: 4 };
/** A chat message stays readable; the rest are counted. */
const MAX_ROWS = 40;

/** `monitor status`: troubled monitors first, one row each. */
export function formatStatusTable(views: MonitorView[], now: number): RichMessage {
  if (views.length === 0) return { text: 'No monitors yet. Add one with `monitor add <name> <url>` or under `monitors:` in opsbot.yaml.' };
  const counts = new Map<string, number>();
  for (const view of views) counts.set(view.status, (counts.get(view.status) ?? 0) + 1);
  const summary = (['DOWN', 'PENDING', 'PAUSED', 'UNKNOWN', 'UP'] as const).filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s.toLowerCase()}`).join(', ');
  const sorted = [...views].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.name.localeCompare(b.name));
  const shown = sorted.slice(0, MAX_ROWS);
  const rows = [['MONITOR', 'STATE', 'SINCE', 'LATENCY', 'UP 24H', 'UP 7D', 'NOTE']];
  for (const view of shown) {
    rows.push([
      view.name,
      view.status,
      `${formatDuration(now - view.since)} ago`,
      view.lastLatencyMs !== undefined ? `${view.lastLatencyMs}ms` : '–',
      formatUptime(view.uptime24h),
      formatUptime(view.uptime7d),
      note(view, now),
    ]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd());
  if (sorted.length > shown.length) lines.push(`… and ${sorted.length - shown.length} more (${sorted.slice(MAX_ROWS).every((v) => v.status === 'UP') ? 'all up' : 'see `monitor status <name>`'})`);
  return { text: `Monitors: ${summary}.`, code: lines.join('\n'), tone: counts.get('DOWN') ? 'danger' : counts.get('PENDING') ? 'warning' : 'good' };
}

/** `monitor status <name>` and `monitor check <name>`: one monitor in detail. */
export function formatMonitor(view: MonitorView, now: number, headline?: string): RichMessage {
  const fields = [
    { label: 'State', value: `${view.status} for ${formatDuration(now - view.since)}` },
    { label: 'Checks', value: `${view.target} every ${formatDuration(view.interval)}` },
    { label: 'Last check', value: view.lastCheckAt !== undefined ? `${formatDuration(now - view.lastCheckAt)} ago${view.lastLatencyMs !== undefined ? `, ${view.lastLatencyMs}ms` : ''}` : 'not yet' },
    { label: 'Uptime', value: `${formatUptime(view.uptime24h)} over 24h, ${formatUptime(view.uptime7d)} over 7d` },
  ];
  if (view.reason) fields.push({ label: 'Failing', value: view.reason });
  if (view.status === 'PAUSED') fields.push({ label: 'Paused', value: view.pausedUntil !== undefined ? `until ${new Date(view.pausedUntil).toISOString()} (${formatDuration(view.pausedUntil - now)} left)` : 'until `monitor resume`' });
  const title = headline ?? `${view.name}: ${view.status}`;
  return { text: title, title, fields, context: view.source === 'chat' ? 'added from chat' : 'from the config file', tone: tone(view.status) };
}

function note(view: MonitorView, now: number): string {
  if (view.status === 'PAUSED') return view.pausedUntil !== undefined ? `paused, ${formatDuration(view.pausedUntil - now)} left` : 'paused';
  return view.reason && view.status !== 'UP' ? view.reason : '';
}

function tone(status: MonitorView['status']): RichMessage['tone'] {
  return status === 'DOWN' ? 'danger' : status === 'PENDING' || status === 'PAUSED' ? 'warning' : status === 'UP' ? 'good' : 'neutral';
}
