import { parseRetryAfter } from '../errors/api-error.js';

/** Statuses worth retrying (RFC 9110 transient failures plus ServiceNow's rate limit). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);
/** Statuses where a POST is known not to have been processed, so it may be replayed. */
export const POST_SAFE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Knobs of the retry policy. */
export interface RetryPolicy {
  readonly maxRetries: number;
  /** Longest wait honoured for Retry-After or a rate-limit reset; beyond it a RateLimitError is raised. */
  readonly maxRetryDelayMs: number;
  /** Replay POSTs after ambiguous failures too (may duplicate records). */
  readonly retryUnsafe: boolean;
  /** Base and cap of the exponential backoff. */
  readonly baseDelayMs: number;
  readonly maxBackoffMs: number;
  /** Returns a number in [0, 1), for full jitter. */
  readonly random: () => number;
}

/** The defaults: 3 retries, backoff min(500 ms·2ⁿ, 8 s) with full jitter, Retry-After honoured up to 60 s. */
export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'random'> = Object.freeze({
  maxRetries: 3,
  maxRetryDelayMs: 60_000,
  retryUnsafe: false,
  baseDelayMs: 500,
  maxBackoffMs: 8_000,
});

/** What happened on one attempt. */
export type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Headers }
  /**
   * No response. `phase: 'connect'` means the request never reached the server (DNS, refused, TLS), so replaying
   * is safe for any verb; `'sent'` means it may have been processed (a reset after sending, a cut body).
   */
  | { readonly kind: 'error'; readonly phase: 'connect' | 'sent' };

/** The policy's answer. */
export type RetryDecision =
  | { readonly action: 'retry'; readonly delayMs: number; readonly reason: string }
  | { readonly action: 'fail'; readonly reason: string }
  /** A 429 whose wait exceeds the cap: raise RateLimitError with this wait. */
  | { readonly action: 'rate-limited'; readonly retryAfterMs: number; readonly reason: string };

/** Full-jitter exponential backoff (AWS architecture blog): uniform in [0, min(base·2ⁿ, cap)). */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxBackoffMs);
  return Math.floor(policy.random() * ceiling);
}

/**
 * Decides whether to retry after an attempt. Pure: the clock value and randomness are passed in.
 *
 * @param attempt zero-based number of the attempt that just failed (0 = first try).
 */
export function decideRetry(
  method: string,
  outcome: AttemptOutcome,
  attempt: number,
  policy: RetryPolicy,
  now: number,
): RetryDecision {
  const isPost = method.toUpperCase() === 'POST';
  if (outcome.kind === 'error') {
    if (isPost && outcome.phase === 'sent' && !policy.retryUnsafe) {
      return { action: 'fail', reason: 'POST may have been processed; not replaying (set retryUnsafe to allow)' };
    }
    if (attempt >= policy.maxRetries) return { action: 'fail', reason: 'retries exhausted' };
    return { action: 'retry', delayMs: backoffDelay(attempt, policy), reason: `connection error (${outcome.phase})` };
  }
  const { status, headers } = outcome;
  if (!RETRYABLE_STATUSES.has(status)) return { action: 'fail', reason: `status ${status} is not retryable` };
  if (isPost && !POST_SAFE_STATUSES.has(status) && !policy.retryUnsafe) {
    return { action: 'fail', reason: `POST is not replayed after ${status}` };
  }
  const wait = serverRequestedWait(status, headers, now);
  if (wait !== undefined && wait > policy.maxRetryDelayMs) {
    return status === 429
      ? { action: 'rate-limited', retryAfterMs: wait, reason: `server asked to wait ${wait} ms, above the cap` }
      : { action: 'fail', reason: `server asked to wait ${wait} ms, above the cap` };
  }
  if (attempt >= policy.maxRetries) return { action: 'fail', reason: 'retries exhausted' };
  if (wait !== undefined) return { action: 'retry', delayMs: wait, reason: `status ${status}, server asked to wait` };
  return { action: 'retry', delayMs: backoffDelay(attempt, policy), reason: `status ${status}` };
}

/**
 * The wait the server asked for: Retry-After (seconds or HTTP-date), or for a 429 carrying the rate-limit
 * headers, the time until X-RateLimit-Reset (so the next try lands in a fresh window instead of burning retries).
 */
export function serverRequestedWait(status: number, headers: Headers, now: number): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  if (status === 429 && headers.has('x-ratelimit-limit')) {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}
