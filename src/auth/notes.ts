import type { User } from '../robot/message';
import type { Decision } from './policy';

/** What the auth and confirmation middleware decided, left in context.notes.auth for the audit. */
export interface AuthNotes {
  target?: string;
  decision?: Decision;
  /** The confirmation this run asked for (pending) or runs under (replay). */
  confirmation?: string;
  pending?: boolean;
  confirmedBy?: User[];
}

export function authNotes(notes: Record<string, unknown>): AuthNotes {
  notes.auth ??= {};
  return notes.auth as AuthNotes;
}

/** Buttons have no context object; the action middleware and handlers share notes by event. */
export const buttonNotes = new WeakMap<object, AuthNotes & { outcome?: 'ok' | 'denied' | 'error' | 'pending' | 'cancelled'; reason?: string }>();
