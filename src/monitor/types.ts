import type { MonitorConfig } from '../config/sections/monitors';

/** A monitor as the capability runs it: from the config file or added from chat. */
export interface MonitorDefinition extends MonitorConfig {
  source: 'config' | 'chat';
  /** What is checked, for people: the URL or host:port. */
  target: string;
  /** PEM text of extra trusted CAs (the config's `ca` file, read once at start). */
  caPem?: string;
}

/** The outcome of one check. `reason` says which expectation failed, in a few words. */
export interface CheckResult {
  ok: boolean;
  /** When the check started (robot clock). */
  at: number;
  latencyMs: number;
  reason?: string;
  /** Short description of a good answer ("200", "connected"). */
  detail?: string;
}

export type MonitorStatus = 'unknown' | 'up' | 'pending' | 'down';

/**
 * Everything the state machine remembers about one monitor; persisted in the store so a restart
 * during an outage neither re-announces nor forgets it.
 */
export interface MonitorState {
  status: MonitorStatus;
  /** When the current status began (DOWN: the first failed check of the outage). */
  since: number;
  /** Consecutive failed checks. */
  failures: number;
  /** Consecutive good checks while DOWN (recovering). */
  successes: number;
  /** First failed check of the current failure streak. */
  failingSince?: number;
  /** First good check of the current recovery streak. */
  recoveringSince?: number;
  /** The last failing expectation ("503", "timeout after 10s"). */
  reason?: string;
  /** When DOWN was announced, and the last reminder. */
  announcedAt?: number;
  remindedAt?: number;
  lastCheckAt?: number;
  lastLatencyMs?: number;
  paused?: { since: number; until?: number; by?: string };
}

export function initialState(now: number): MonitorState {
  return { status: 'unknown', since: now, failures: 0, successes: 0 };
}
