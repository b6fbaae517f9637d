import type { Dispatcher } from 'undici';
import type { AuthStrategy } from '../auth/auth-strategy.js';
import { RateLimitError, rateLimitInfo } from '../errors/api-error.js';
import { AbortError } from '../errors/abort-error.js';
import type { Redactor } from '../internal/redact.js';
import type { Semaphore } from '../internal/semaphore.js';
import type { Logger } from '../logger.js';
import { createAttemptSignal, type AttemptSignal } from './attempt-signal.js';
import { buildRequest, isReplayable, type PreparedRequest } from './build-request.js';
import { classifyError } from './classify-error.js';
import { interpretResponse, truncatedBody, type Attempt } from './interpret-response.js';
import { createRateGate, type RateGate } from './rate-gate.js';
import { decideRetry, serverRequestedWait, type RetryDecision, type RetryPolicy } from './retry-policy.js';
import { bodyStream, discardBody, readText, sendOnce, type RawResponse } from './send-once.js';

/** Everything a transport needs; built by the client from its options. */
export interface TransportConfig {
  readonly auth: AuthStrategy;
  readonly logger: Logger;
  readonly redactor: Redactor;
  readonly dispatcher: Dispatcher;
  readonly policy: RetryPolicy;
  readonly userAgent: string;
  /** Per-attempt deadline for the whole exchange, body included. */
  readonly timeoutMs: number;
  readonly clock: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly semaphore: Semaphore;
}

/**
 * A non-JSON request body sent as is (an attachment upload). Bytes can be replayed on a retry; a stream can be
 * read only once, so a request with a stream body is attempted exactly once (no retry, no 401 replay).
 */
export interface RawBody {
  readonly data: Uint8Array | AsyncIterable<Uint8Array>;
  readonly contentType: string;
  /** Byte length, sent as Content-Length when known (streams are otherwise sent chunked). */
  readonly length?: number;
}

/** One logical request (retries included). */
export interface TransportRequest {
  readonly method: string;
  /** Absolute URL, query string included. */
  readonly url: string;
  /** A JSON body. */
  readonly body?: unknown;
  /** A raw body instead of JSON (see {@link RawBody}). */
  readonly rawBody?: RawBody;
  /**
   * 'stream': a 2xx body is not read but handed back as {@link TransportResponse.stream}; the per-attempt
   * timeout then stops at the response headers (the dispatcher's body timeout still limits stalls).
   */
  readonly responseType?: 'json' | 'stream';
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
  /** Per-call override of the client's maxRetries. */
  readonly maxRetries?: number | undefined;
  /** Per-call override of the client's per-attempt timeout. */
  readonly timeoutMs?: number | undefined;
}

/** A successful (2xx) answer with its JSON body parsed. */
export interface TransportResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body (204, X-no-response-body) and for streamed responses. */
  readonly body: unknown;
  /** The unread body, for `responseType: 'stream'` (the caller must consume or cancel it). */
  readonly stream?: ReadableStream<Uint8Array>;
}

/** Sends requests with auth, timeouts, retries, decompression and redacted logging. */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
}

/**
 * Creates the transport: each attempt builds the request ({@link buildRequest}), sends it once with undici.request
 * ({@link sendOnce}) and interprets the answer ({@link interpretResponse}); {@link Transport.send} loops over
 * attempts under the retry policy, the client's rate gate and its concurrency limit.
 */
export function createTransport(config: TransportConfig): Transport {
  const gate = createRateGate();
  const attempt = (request: TransportRequest): Promise<Attempt> => runAttempt(config, request);

  async function send(request: TransportRequest): Promise<TransportResponse> {
    const policy =
      request.maxRetries === undefined ? config.policy : { ...config.policy, maxRetries: request.maxRetries };
    const replayable = isReplayable(request);
    let unauthorizedReplayed = false;
    let justWaited = false;
    for (let n = 0; ; n += 1) {
      if (request.signal?.aborted) throw new AbortError(undefined, { cause: request.signal.reason });
      // A request that has just slept out its own retry delay already honoured the gate.
      if (!justWaited) await waitForGate(config, gate, request);
      justWaited = false;
      const release = await config.semaphore.acquire();
      let result: Attempt;
      try {
        result = await attempt(request);
      } finally {
        release();
      }
      if (result.ok) return result.response;
      const { error, outcome } = result;
      if (error instanceof AbortError || !replayable) throw error;
      if (
        outcome.kind === 'response' &&
        outcome.status === 401 &&
        !unauthorizedReplayed &&
        config.auth.onUnauthorized
      ) {
        unauthorizedReplayed = true;
        if (await config.auth.onUnauthorized(request.signal, result.sentAuthorization)) {
          config.logger.debug('401: credentials refreshed, replaying once');
          n -= 1;
          continue;
        }
      }
      if (result.permanent) throw error;
      holdGateOn429(config, gate, result, policy);
      const decision = decideRetry(request.method, outcome, n, policy, config.clock());
      if (decision.action === 'fail') throw error;
      if (decision.action === 'rate-limited') throw withRetryAfter(result, decision, config.clock());
      config.logger.debug(`retry ${n + 1}/${policy.maxRetries} in ${decision.delayMs} ms: ${decision.reason}`, {
        method: request.method.toUpperCase(),
        url: config.redactor.url(request.url),
        error: error.code,
      });
      await config.sleep(decision.delayMs, request.signal);
      justWaited = true;
    }
  }

  return { send };
}

/** One attempt: build, authorize, send once, read and interpret. Never throws for a network or HTTP failure. */
async function runAttempt(config: TransportConfig, request: TransportRequest): Promise<Attempt> {
  const prepared = buildRequest(request, config.userAgent);
  await config.auth.authorize(prepared.headers, request.signal);
  const signal = createAttemptSignal(request.timeoutMs ?? config.timeoutMs, request.signal);
  const where = `${prepared.method} ${config.redactor.url(prepared.url)}`;
  config.logger.debug(where);
  let streamed = false;
  try {
    let res: RawResponse;
    try {
      res = await sendOnce(prepared, config.dispatcher, signal);
    } catch (error) {
      return failed(config, prepared, request, signal, error, false);
    }
    if (request.responseType === 'stream' && res.status >= 200 && res.status < 300) {
      // The body may take longer than any per-attempt deadline; from here on only the caller's signal and the
      // dispatcher's body timeout apply.
      signal.stopTimer();
      streamed = true;
      res.body.once('close', () => signal.dispose());
      return {
        ok: true,
        response: { status: res.status, headers: res.headers, body: undefined, stream: bodyStream(res) },
      };
    }
    let text: string;
    try {
      text = await readText(res);
    } catch (error) {
      discardBody(res);
      return truncatedBody(failed(config, prepared, request, signal, error, true), res.status, where, error);
    }
    const answer = { ...res, text, method: prepared.method, url: prepared.url };
    return interpretResponse(
      { ...answer, sentAuthorization: prepared.headers.get('authorization') },
      config.redactor,
      config.clock(),
    );
  } finally {
    if (!streamed) signal.dispose();
  }
}

function failed(
  config: TransportConfig,
  prepared: PreparedRequest,
  request: TransportRequest,
  signal: AttemptSignal,
  error: unknown,
  duringBody: boolean,
): Attempt & { ok: false } {
  const c = classifyError(error, {
    method: prepared.method,
    url: config.redactor.url(prepared.url),
    callerSignal: request.signal,
    timedOut: signal.timedOut,
    duringBody,
  });
  return { ok: false, error: c.error, outcome: { kind: 'error', phase: c.phase }, permanent: c.permanent };
}

async function waitForGate(config: TransportConfig, gate: RateGate, request: TransportRequest): Promise<void> {
  const paused = gate.waitMs(config.clock());
  if (paused <= 0) return;
  config.logger.debug(`rate limited: pausing ${paused} ms before ${request.method.toUpperCase()}`);
  await config.sleep(paused, request.signal);
}

/** Holds every request of this client, not just this one, until a 429's window resets (when that fits the cap). */
function holdGateOn429(config: TransportConfig, gate: RateGate, result: Attempt & { ok: false }, policy: RetryPolicy) {
  const { outcome } = result;
  if (outcome.kind !== 'response' || outcome.status !== 429) return;
  const wait = serverRequestedWait(429, outcome.headers, config.clock());
  if (wait !== undefined && wait <= policy.maxRetryDelayMs) gate.pauseUntil(config.clock() + wait);
}

/** A 429 whose wait is above the cap, raised with the wait the policy computed. */
function withRetryAfter(
  result: Attempt & { ok: false },
  decision: RetryDecision & { action: 'rate-limited' },
  now: number,
): Error {
  const { error, outcome } = result;
  if (!(error instanceof RateLimitError)) return error;
  const info = rateLimitInfo(outcome.kind === 'response' ? outcome.headers : new Headers(), now);
  return new RateLimitError(
    {
      status: error.status,
      message: error.serviceNowMessage,
      detail: error.detail,
      headers: error.headers,
      method: error.method,
      url: error.url,
      body: error.body,
      response: error.response,
    },
    { ...info, retryAfterMs: decision.retryAfterMs },
    { cause: error.cause },
  );
}
