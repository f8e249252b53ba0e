/**
 * How a chat transport tells the outbox what went wrong. The Slack adapter maps Web API errors
 * onto these; anything else thrown is taken as transient (network, 5xx) and retried with backoff.
 */
export class RateLimitedError extends Error {
  constructor(
    /** Exactly how long the service asked us to wait (Retry-After). */
    readonly retryAfterMs: number,
    message = `rate limited: retry after ${retryAfterMs} ms`,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** An error that retrying will not heal (channel_not_found, not_in_channel, ...): the message is parked. */
export class PermanentDeliveryError extends Error {
  constructor(
    readonly code: string,
    message = `undeliverable: ${code}`,
  ) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export type Failure = { kind: 'rate_limited'; retryAfterMs: number } | { kind: 'permanent'; code: string } | { kind: 'transient'; reason: string };

export function classifyFailure(error: unknown): Failure {
  if (error instanceof RateLimitedError) return { kind: 'rate_limited', retryAfterMs: error.retryAfterMs };
  if (error instanceof PermanentDeliveryError) return { kind: 'permanent', code: error.code };
  return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
}
