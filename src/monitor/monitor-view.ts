import { displayStatus } from './state-machine';
import type { MonitorDefinition, MonitorState } from './types';
import { uptimeRatio, type UptimeRecord } from './uptime';

const DAY = 86_400_000;

/** One monitor as commands show it. */
export interface MonitorView {
  name: string;
  source: MonitorDefinition['source'];
  target: string;
  status: ReturnType<typeof displayStatus>;
  since: number;
  reason?: string;
  lastCheckAt?: number;
  lastLatencyMs?: number;
  pausedUntil?: number;
  uptime24h?: number;
  uptime7d?: number;
  interval: number;
}

export function buildView(definition: MonitorDefinition, state: MonitorState, uptime: UptimeRecord | undefined, now: number): MonitorView {
  return {
    name: definition.name,
    source: definition.source,
    target: definition.target,
    status: displayStatus(state),
    since: state.paused?.since ?? state.since,
    reason: state.status === 'up' ? undefined : state.reason,
    lastCheckAt: state.lastCheckAt,
    lastLatencyMs: state.lastLatencyMs,
    pausedUntil: state.paused?.until,
    uptime24h: uptimeRatio(uptime, now, DAY),
    uptime7d: uptimeRatio(uptime, now, 7 * DAY),
    interval: definition.interval,
  };
}
