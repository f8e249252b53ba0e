import type { OutgoingMessage } from '../robot/message';

/** The stream holding every message not yet accepted by the chat service (and parked ones). */
export const OUTBOX_STREAM = 'outbox.queue';
/** Local message id → where the chat service put it, so updates and threads work after a restart. */
export const SENT_NS = 'outbox.sent';
/** Idempotency key → local message id. */
export const KEYS_NS = 'outbox.keys';
/** "channel:error" pairs already reported to the admin channel. */
export const REPORTED_NS = 'outbox.reported';

export const SENT_TTL_MS = 7 * 86_400_000;
export const KEY_TTL_MS = 86_400_000;

export interface OutboxEntry {
  op: 'post' | 'update';
  /** Local id of the message (for an update: of the message being replaced). */
  id: string;
  key: string;
  channel: string;
  thread?: string;
  /** Local id of a message this one replies under, resolved to its ts when that is known. */
  threadOf?: string;
  threadOfTs?: string;
  /** For an update: the message's ts when the caller already knew it. */
  ts?: string;
  message: OutgoingMessage;
  kind: 'reply' | 'unprompted';
  createdAt: number;
  attempts: number;
  parked?: { code: string; at: number };
}

export interface SentRecord {
  channel: string;
  ts: string;
}
