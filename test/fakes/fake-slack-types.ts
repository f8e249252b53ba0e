/** Shapes the fake Slack records and accepts; kept apart so tests can import them cheaply. */

export interface FakeChannel {
  id: string;
  name: string;
  /** False makes chat.postMessage answer not_in_channel. */
  member?: boolean;
}

export interface FakeUser {
  id: string;
  name: string;
  displayName?: string;
  realName?: string;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** Token from the Authorization header. */
  token?: string;
  at: number;
  /** HTTP status answered (200, 429, 500). */
  status: number;
  /** ok:false error answered, if any. */
  error?: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  at: number;
  /** Later versions from chat.update, newest last. */
  edits: Array<{ text: string; blocks?: unknown[]; at: number }>;
}

/** What the next matching call answers instead of succeeding. */
export type Failure = { status: 500 | 502 | 503 } | { status: 429; retryAfter: number } | { error: string } | { hang: true };

export interface FailureRule {
  method: string;
  failure: Failure;
  remaining: number;
  /** Only calls for this channel (chat.postMessage / chat.update). */
  channel?: string;
}

export interface Envelope {
  envelope_id: string;
  type: 'events_api' | 'interactive' | 'slash_commands';
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SentEnvelope {
  envelope: Envelope;
  sentAt: number;
  ackedAt?: number;
}

export interface RateLimit {
  perSecond: number;
  burst: number;
}
