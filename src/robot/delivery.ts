import type { MessageRef, OutgoingMessage, Target } from './message';

/**
 * The one way out of the robot: replies, unprompted messages and living-message updates.
 * The foundation delivers directly through the adapter; the outbox (durable, paced) implements
 * the same port.
 */
export interface Delivery {
  send(target: Target, message: OutgoingMessage, options?: SendOptions): Promise<MessageRef>;
  update(ref: MessageRef, message: OutgoingMessage): Promise<void>;
  /** Resolves when everything queued so far has been handed to the chat service (or parked). */
  flush(timeoutMs?: number): Promise<void>;
}

export interface SendOptions {
  /** Idempotency key: a second send with the same key is the same message. */
  key?: string;
  /** Replies to a command are interactive; unprompted messages (alerts, progress) are not. */
  kind?: 'reply' | 'unprompted';
}

/** What an adapter can do on the wire; Delivery implementations call it. */
export interface ChatTransport {
  post(target: { channel: string; thread?: string }, message: OutgoingMessage): Promise<{ channel: string; ts: string }>;
  edit(channel: string, ts: string, message: OutgoingMessage): Promise<void>;
}
