/** Exponential backoff with full jitter (AWS's recipe): spreads retries after an outage. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 60_000 };

/** The wait before retry number `attempt` (1 = first retry); `random` in [0, 1). */
export function backoffMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  // Never zero: half the ceiling is fixed, half is jitter, so a flapping API is not hammered.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
