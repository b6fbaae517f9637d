import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
} from '../../src/lib/transport/retry-policy.js';
import { parseRetryAfter } from '../../src/lib/errors/api-error.js';

const policy = (over: Partial<RetryPolicy> = {}): RetryPolicy => ({
  ...DEFAULT_RETRY_POLICY,
  random: () => 0.5,
  ...over,
});
const res = (status: number, headers: Record<string, string> = {}) =>
  ({ kind: 'response', status, headers: new Headers(headers) }) as const;
const NOW = Date.parse('2026-01-01T00:00:00Z');

void describe('retry policy', () => {
  void it('full-jitter backoff min(500·2ⁿ, 8 s)', () => {
    assert.equal(backoffDelay(0, policy()), 250);
    assert.equal(backoffDelay(3, policy()), 2000);
    assert.equal(backoffDelay(10, policy()), 4000);
    assert.equal(backoffDelay(10, policy({ random: () => 0.999 })), 7992);
    assert.equal(backoffDelay(2, policy({ random: () => 0 })), 0);
  });

  void it('retries 408/429/502/503/504 and not 400/401/403/404/500', () => {
    for (const s of [408, 429, 502, 503, 504])
      assert.equal(decideRetry('GET', res(s), 0, policy(), NOW).action, 'retry', `${s}`);
    for (const s of [400, 401, 403, 404, 500])
      assert.equal(decideRetry('GET', res(s), 0, policy(), NOW).action, 'fail', `${s}`);
  });

  void it('stops after maxRetries', () => {
    assert.equal(decideRetry('GET', res(503), 2, policy(), NOW).action, 'retry');
    assert.equal(decideRetry('GET', res(503), 3, policy(), NOW).action, 'fail');
    assert.equal(decideRetry('GET', res(503), 0, policy({ maxRetries: 0 }), NOW).action, 'fail');
  });

  void it('honours Retry-After in seconds and as an HTTP-date', () => {
    assert.deepEqual(decideRetry('GET', res(429, { 'retry-after': '7' }), 0, policy(), NOW), {
      action: 'retry',
      delayMs: 7000,
      reason: 'status 429, server asked to wait',
    });
    const date = new Date(NOW + 12_000).toUTCString();
    const d = decideRetry('GET', res(503, { 'retry-after': date }), 0, policy(), NOW);
    assert.equal(d.action === 'retry' && d.delayMs, 12_000);
    assert.equal(parseRetryAfter('garbage', NOW), undefined);
    assert.equal(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW), 0);
  });

  void it('a Retry-After beyond the cap raises rate-limited for 429 and fails for 503', () => {
    const d = decideRetry('GET', res(429, { 'retry-after': '120' }), 0, policy(), NOW);
    assert.deepEqual(d.action === 'rate-limited' && d.retryAfterMs, 120_000);
    assert.equal(decideRetry('GET', res(503, { 'retry-after': '120' }), 0, policy(), NOW).action, 'fail');
    assert.equal(
      decideRetry('GET', res(429, { 'retry-after': '120' }), 0, policy({ maxRetryDelayMs: 200_000 }), NOW).action,
      'retry',
    );
  });

  void it('paces to X-RateLimit-Reset on a 429 without Retry-After', () => {
    const reset = String(Math.floor(NOW / 1000) + 30);
    const d = decideRetry(
      'GET',
      res(429, { 'x-ratelimit-limit': '100', 'x-ratelimit-reset': reset }),
      0,
      policy(),
      NOW,
    );
    assert.equal(d.action === 'retry' && d.delayMs, 30_000);
    const far = String(Math.floor(NOW / 1000) + 3600);
    const r = decideRetry('GET', res(429, { 'x-ratelimit-limit': '100', 'x-ratelimit-reset': far }), 0, policy(), NOW);
    assert.equal(r.action, 'rate-limited');
  });

  void it('POST: only 429/503, never after an ambiguous connection error, unless retryUnsafe', () => {
    assert.equal(decideRetry('POST', res(429), 0, policy(), NOW).action, 'retry');
    assert.equal(decideRetry('POST', res(503), 0, policy(), NOW).action, 'retry');
    assert.equal(decideRetry('POST', res(502), 0, policy(), NOW).action, 'fail');
    assert.equal(decideRetry('POST', res(504), 0, policy(), NOW).action, 'fail');
    assert.equal(decideRetry('POST', { kind: 'error', phase: 'sent' }, 0, policy(), NOW).action, 'fail');
    assert.equal(decideRetry('POST', { kind: 'error', phase: 'connect' }, 0, policy(), NOW).action, 'retry');
    assert.equal(decideRetry('POST', res(502), 0, policy({ retryUnsafe: true }), NOW).action, 'retry');
    assert.equal(
      decideRetry('POST', { kind: 'error', phase: 'sent' }, 0, policy({ retryUnsafe: true }), NOW).action,
      'retry',
    );
    for (const m of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      assert.equal(decideRetry(m, { kind: 'error', phase: 'sent' }, 0, policy(), NOW).action, 'retry', m);
      assert.equal(decideRetry(m, res(502), 0, policy(), NOW).action, 'retry', m);
    }
  });
});
