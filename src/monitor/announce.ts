import type { EventBus } from '../events/bus';
import type { MonitorEvent } from '../events/ops-events';
import type { Announcement } from './state-machine';
import type { MonitorDefinition } from './types';

/** The state machine's announcement as the event the alert router subscribes to. */
export function emitAnnouncement(bus: EventBus, definition: MonitorDefinition, announcement: Announcement): void {
  const { severity = 'critical', ...rest } = definition.labels;
  const base: MonitorEvent = {
    monitor: definition.name,
    target: definition.target,
    severity,
    labels: { monitor: definition.name, severity, ...(rest as Record<string, string>) },
    channel: definition.channel,
    downSince: announcement.downSince,
  };
  if (announcement.type === 'down') bus.emit('monitor.down', { ...base, reason: announcement.reason });
  else if (announcement.type === 'up') bus.emit('monitor.up', { ...base, upSince: announcement.upSince, durationMs: announcement.durationMs });
  else bus.emit('monitor.reminder', { ...base, reason: announcement.reason, durationMs: announcement.durationMs });
}
