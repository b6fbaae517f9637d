/**
 * Shared pacing for one client: after a 429 announces when the rate-limit window resets, every request waits for
 * that moment instead of spending its own retries against a closed window (parallel exports would otherwise each
 * hit the limit in turn).
 */
export interface RateGate {
  /** Holds requests until `at` (milliseconds since the epoch); a later time wins. */
  pauseUntil(at: number): void;
  /** How long a request starting at `now` must wait (0 when the gate is open). */
  waitMs(now: number): number;
}

/** Creates an open gate. */
export function createRateGate(): RateGate {
  let until = 0;
  return {
    pauseUntil(at) {
      until = Math.max(until, at);
    },
    waitMs(now) {
      return Math.max(0, until - now);
    },
  };
}
