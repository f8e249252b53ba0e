import type { MessageRef } from '../robot/message';
import type { Alert, AlertStatus } from './alert';
import type { Destination } from './routing';

/** One alert as its group remembers it. */
export interface AlertEntry {
  alert: Alert;
  firstSeenAt: number;
  lastSeenAt: number;
  /** How often it fired again after resolving. */
  flaps: number;
  resolvedAt?: number;
  /** True once it appeared in a delivered message (the living one or its thread). */
  listed: boolean;
}

/** A group: the alerts that share one living message in one channel. Persisted as is. */
export interface GroupState {
  id: string;
  destination: Destination;
  labels: Record<string, string>;
  /** Increments each time the group opens a new message (a new incident). */
  incident: number;
  ref?: MessageRef;
  openedAt: number;
  /** Last time the message was posted or edited. */
  sentAt?: number;
  remindedAt?: number;
  /** Set once the all-resolved edit went out. */
  closedAt?: number;
  /** Something changed since the message was last rendered. */
  dirty: boolean;
  /** Skip groupInterval for the next edit (a button was pressed). */
  urgent?: boolean;
  ackedBy?: string;
  /** Lines waiting to go into the thread (flaps, reminders). */
  notes: string[];
  /** After a failed delivery, not before this time. */
  retryAt?: number;
  failures?: number;
}

export function newGroup(id: string, destination: Destination, labels: Record<string, string>, now: number): GroupState {
  return { id, destination, labels, incident: 1, openedAt: now, dirty: false, notes: [] };
}

export interface Applied {
  group: GroupState;
  /** The entry to store; undefined when the alert changes nothing worth keeping. */
  entry?: AlertEntry;
  /** True when the group's previous (closed) incident was dropped and a new message starts. */
  reset: boolean;
}

/**
 * Folds one alert into its group (pure). Dedupe: the same fingerprint in the same status only
 * refreshes the entry; a status change marks the group for an edit; firing again after resolving
 * is a flap (a note in the thread), and a new alert after the group closed starts a new message,
 * unless it is an old member flapping within `flapWindowMs`, which reopens the old one.
 */
export function applyAlert(group: GroupState, existing: AlertEntry | undefined, alert: Alert, now: number, flapWindowMs: number): Applied {
  const next: GroupState = { ...group, notes: [...group.notes] };
  if (!existing) {
    if (alert.status === 'resolved') return { group, reset: false };
    let reset = false;
    if (next.closedAt !== undefined || (!next.ref && !next.dirty)) {
      reset = next.closedAt !== undefined;
      if (reset) Object.assign(next, { incident: next.incident + 1, ref: undefined, closedAt: undefined, sentAt: undefined, remindedAt: undefined, ackedBy: undefined, notes: [] });
      next.openedAt = now;
    }
    next.dirty = true;
    return { group: next, entry: { alert, firstSeenAt: now, lastSeenAt: now, flaps: 0, listed: false }, reset };
  }
  // A resolve often carries less than the trigger did (PagerDuty's resolve has no payload): keep what we knew.
  const merged: Alert = {
    ...alert,
    summary: alert.summary || existing.alert.summary,
    details: alert.details ?? existing.alert.details,
    links: alert.links.length > 0 ? alert.links : existing.alert.links,
    labels: alert.status === 'resolved' ? existing.alert.labels : alert.labels,
    startsAt: Math.min(existing.alert.startsAt, alert.startsAt),
  };
  const entry: AlertEntry = { ...existing, alert: merged, lastSeenAt: now };
  const was: AlertStatus = existing.alert.status;
  if (was === 'firing' && alert.status === 'resolved') {
    entry.resolvedAt = alert.endsAt ?? now;
    next.dirty = true;
  } else if (was === 'resolved' && alert.status === 'firing') {
    const reopening = next.closedAt !== undefined;
    if (reopening && now - next.closedAt! > flapWindowMs) {
      // Long after the incident closed: a fresh incident, not a flap.
      const fresh = applyAlert({ ...group, closedAt: group.closedAt }, undefined, alert, now, flapWindowMs);
      return fresh;
    }
    entry.flaps = existing.flaps + 1;
    entry.resolvedAt = undefined;
    entry.alert = { ...alert, startsAt: now };
    next.closedAt = undefined;
    next.dirty = true;
    next.notes.push(`${alert.summary} is firing again (flap ${entry.flaps})`);
  } else if (alert.summary !== existing.alert.summary || alert.severity !== existing.alert.severity) {
    next.dirty = true;
  } else {
    // Same alert, same status: a duplicate. Keep the fresher endsAt, say nothing.
    return { group, entry, reset: false };
  }
  return { group: next, entry, reset: false };
}

export type FlushAction = 'post' | 'update' | 'none';

/** What the group needs now (pure): a first message after groupWait, an edit after groupInterval. */
export function dueAction(group: GroupState, now: number): FlushAction {
  if (group.retryAt !== undefined && now < group.retryAt) return 'none';
  if (!group.dirty) return 'none';
  if (!group.ref) return now >= group.openedAt + group.destination.groupWaitMs ? 'post' : 'none';
  if (group.urgent) return 'update';
  return now >= (group.sentAt ?? 0) + group.destination.groupIntervalMs ? 'update' : 'none';
}

/** True when a still-firing, unacknowledged group is owed a reminder in its thread. */
export function reminderDue(group: GroupState, firing: number, now: number): boolean {
  if (!group.ref || firing === 0 || group.ackedBy || group.closedAt !== undefined) return false;
  return now >= (group.remindedAt ?? group.openedAt) + group.destination.repeatMs;
}

/** Expires firing alerts whose endsAt passed (Alertmanager's resolve timeout), pure. */
export function expireEntry(entry: AlertEntry, now: number): AlertEntry | undefined {
  const ends = entry.alert.endsAt;
  if (entry.alert.status !== 'firing' || ends === undefined || ends > now) return undefined;
  return { ...entry, alert: { ...entry.alert, status: 'resolved' }, resolvedAt: ends };
}
