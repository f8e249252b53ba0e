/**
 * Pacing as a token bucket: `burst` messages may go at once, then one per `intervalMs`.
 * Pure functions over a small state so the pacing rule has property tests; the queue owns the clock.
 */
export interface Pacing {
  /** Messages per second a channel may receive in the long run. */
  perSecond: number;
  /** Messages that may go back to back after a quiet spell. */
  burst: number;
  /** Added to every interval: network jitter must never make two sends arrive closer than the limit. */
  marginMs?: number;
}

export interface BucketState {
  tokens: number;
  at: number;
}

export function intervalMs(pacing: Pacing): number {
  return 1000 / pacing.perSecond + (pacing.marginMs ?? 0);
}

export function fullBucket(pacing: Pacing, now: number): BucketState {
  return { tokens: pacing.burst, at: now };
}

export function refill(state: BucketState, pacing: Pacing, now: number): BucketState {
  const elapsed = Math.max(0, now - state.at);
  return { tokens: Math.min(pacing.burst, state.tokens + elapsed / intervalMs(pacing)), at: Math.max(now, state.at) };
}

/** Milliseconds until one token is available (0 when one is there now). */
export function waitMs(state: BucketState, pacing: Pacing, now: number): number {
  const current = refill(state, pacing, now);
  return current.tokens >= 1 ? 0 : Math.ceil((1 - current.tokens) * intervalMs(pacing));
}

/** Spends one token; call only when waitMs is 0. */
export function take(state: BucketState, pacing: Pacing, now: number): BucketState {
  const current = refill(state, pacing, now);
  return { tokens: current.tokens - 1, at: current.at };
}

/** The chat service said "wait until `until`": exactly one send is allowed then, paced after it. */
export function pausedUntil(until: number): BucketState {
  return { tokens: 1, at: until };
}
