export interface WaitOptions {
  timeoutMs?: number;
  /** Named in the timeout error; a function is evaluated only then (for diagnostics). */
  what?: string | (() => string);
  intervalMs?: number;
}

/** Polls `probe` until it returns a truthy value and resolves with it; rejects after the timeout. */
export async function waitFor<T>(probe: () => T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const what = typeof options.what === 'function' ? options.what() : options.what;
      throw new Error(`timed out waiting${what ? ` for ${what}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
