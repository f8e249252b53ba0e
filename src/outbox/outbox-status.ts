import { formatDuration } from '../robot/format';
import { renderText } from '../adapters/render-text';
import type { Store } from '../store/store';
import { OUTBOX_STREAM, type OutboxEntry } from './outbox-entry';

export interface OutboxStatus {
  queued: Array<{ channel: string; count: number; oldestMs: number; retrying: number }>;
  parked: Array<{ channel: string; code: string; ageMs: number; op: OutboxEntry['op']; preview: string }>;
}

/** Read straight from the store, so it is right even while the outbox is stopped or backed off. */
export async function readOutboxStatus(store: Store, now: number): Promise<OutboxStatus> {
  const rows = await store.read<OutboxEntry>(OUTBOX_STREAM);
  const byChannel = new Map<string, { count: number; oldest: number; retrying: number }>();
  const parked: OutboxStatus['parked'] = [];
  for (const { value } of rows) {
    if (value.parked) {
      parked.push({ channel: value.channel, code: value.parked.code, ageMs: now - value.parked.at, op: value.op, preview: preview(renderText(value.message)) });
      continue;
    }
    const current = byChannel.get(value.channel) ?? { count: 0, oldest: value.createdAt, retrying: 0 };
    current.count += 1;
    current.oldest = Math.min(current.oldest, value.createdAt);
    if (value.attempts > 0) current.retrying += 1;
    byChannel.set(value.channel, current);
  }
  const queued = [...byChannel.entries()]
    .map(([channel, info]) => ({ channel, count: info.count, oldestMs: now - info.oldest, retrying: info.retrying }))
    .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel));
  return { queued, parked };
}

export function formatOutboxStatus(status: OutboxStatus): string {
  const total = status.queued.reduce((sum, row) => sum + row.count, 0);
  if (total === 0 && status.parked.length === 0) return 'Outbox: empty (every message was delivered).';
  const lines = [`Outbox: ${total} queued in ${status.queued.length} channel${status.queued.length === 1 ? '' : 's'}, ${status.parked.length} parked.`];
  for (const row of status.queued) {
    const retrying = row.retrying > 0 ? `, ${row.retrying} being retried` : '';
    lines.push(`  ${row.channel}: ${row.count} queued, oldest ${formatDuration(row.oldestMs)}${retrying}`);
  }
  if (status.parked.length > 0) {
    lines.push('Parked (not retried; fix the cause and send again):');
    for (const row of status.parked.slice(0, 20)) lines.push(`  ${row.channel}: ${row.code}, ${formatDuration(row.ageMs)} ago${row.op === 'update' ? ' (an edit)' : ''}: "${row.preview}"`);
    if (status.parked.length > 20) lines.push(`  ... and ${status.parked.length - 20} more`);
  }
  return lines.join('\n');
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}
