import type { CheckResult, MonitorState } from './types';

/** The parts of a monitor's settings the state machine needs. */
export interface MachineSettings {
  retries: number;
  recoverAfter: number;
  /** 0: no reminders. */
  remind: number;
}

export type MachineInput =
  | { kind: 'result'; result: CheckResult }
  | { kind: 'pause'; until?: number; by?: string }
  | { kind: 'resume' }
  /** Time passed: pause expiry, reminders. */
  | { kind: 'tick' };

export type Announcement =
  | { type: 'down'; reason: string; downSince: number }
  | { type: 'up'; downSince: number; upSince: number; durationMs: number }
  | { type: 'reminder'; reason: string; downSince: number; durationMs: number };

export interface Step {
  state: MonitorState;
  announcements: Announcement[];
}

/**
 * The monitor's state machine, pure: UNKNOWN → UP ⇄ PENDING (retrying) → DOWN → UP, with PAUSED as
 * an overlay that freezes it. DOWN is announced once, when `retries` quick re-checks all failed;
 * UP once, after `recoverAfter` good checks in a row; reminders every `remind` while DOWN.
 */
export function step(state: MonitorState, input: MachineInput, settings: MachineSettings, now: number): Step {
  const announcements: Announcement[] = [];
  let next = expirePause(state, now);

  switch (input.kind) {
    case 'pause':
      next = { ...next, paused: { since: next.paused?.since ?? now, until: input.until, by: input.by } };
      return { state: next, announcements };
    case 'resume':
      return { state: next.paused ? unpause(next, now) : next, announcements };
    case 'result':
      if (!next.paused) next = applyResult(next, input.result, settings, now, announcements);
      break;
    case 'tick':
      break;
  }
  return { state: remindIfDue(next, settings, now, announcements), announcements };
}

function applyResult(state: MonitorState, result: CheckResult, settings: MachineSettings, now: number, out: Announcement[]): MonitorState {
  const checked = { ...state, lastCheckAt: result.at, lastLatencyMs: result.latencyMs };
  if (result.ok) {
    if (checked.status !== 'down') {
      const since = checked.status === 'up' ? checked.since : result.at;
      return { ...checked, status: 'up', since, failures: 0, successes: 0, failingSince: undefined, reason: undefined };
    }
    const successes = checked.successes + 1;
    const recoveringSince = checked.recoveringSince ?? result.at;
    if (successes < settings.recoverAfter) return { ...checked, successes, recoveringSince };
    const downSince = checked.failingSince ?? checked.since;
    out.push({ type: 'up', downSince, upSince: recoveringSince, durationMs: Math.max(0, recoveringSince - downSince) });
    return { status: 'up', since: recoveringSince, failures: 0, successes: 0, lastCheckAt: result.at, lastLatencyMs: result.latencyMs };
  }

  const reason = result.reason ?? 'check failed';
  const failures = checked.failures + 1;
  const failingSince = checked.failingSince ?? result.at;
  if (checked.status === 'down') return { ...checked, failures, reason, successes: 0, recoveringSince: undefined };
  if (failures <= settings.retries) return { ...checked, status: 'pending', since: checked.status === 'pending' ? checked.since : result.at, failures, failingSince, reason };
  out.push({ type: 'down', reason: `${reason} after ${failures} ${failures === 1 ? 'try' : 'tries'}`, downSince: failingSince });
  return { ...checked, status: 'down', since: failingSince, failures, failingSince, reason, successes: 0, recoveringSince: undefined, announcedAt: now, remindedAt: undefined };
}

function remindIfDue(state: MonitorState, settings: MachineSettings, now: number, out: Announcement[]): MonitorState {
  if (state.status !== 'down' || state.paused || settings.remind <= 0 || state.announcedAt === undefined) return state;
  const last = state.remindedAt ?? state.announcedAt;
  if (now - last < settings.remind) return state;
  const downSince = state.failingSince ?? state.since;
  out.push({ type: 'reminder', reason: state.reason ?? 'still failing', downSince, durationMs: Math.max(0, now - downSince) });
  return { ...state, remindedAt: now };
}

function expirePause(state: MonitorState, now: number): MonitorState {
  return state.paused?.until !== undefined && state.paused.until <= now ? unpause(state, now) : state;
}

/** After maintenance a half-finished retry streak starts over; a DOWN stays DOWN until it recovers. */
function unpause(state: MonitorState, now: number): MonitorState {
  const { paused: _paused, ...rest } = state;
  if (rest.status === 'pending') return { ...rest, status: 'unknown', since: now, failures: 0, failingSince: undefined };
  return rest;
}

/** What people see: PAUSED overrides the underlying status. */
export function displayStatus(state: MonitorState): 'UP' | 'DOWN' | 'PENDING' | 'PAUSED' | 'UNKNOWN' {
  return state.paused ? 'PAUSED' : (state.status.toUpperCase() as 'UP' | 'DOWN' | 'PENDING' | 'UNKNOWN');
}

/** When the next check is due, from the end of the last one: quickly while retrying. */
export function nextCheckDelay(state: MonitorState, settings: { interval: number; retryDelay: number }, now: number): number {
  if (state.paused) return state.paused.until !== undefined ? Math.max(0, state.paused.until - now) : Number.POSITIVE_INFINITY;
  return state.status === 'pending' ? settings.retryDelay : settings.interval;
}
