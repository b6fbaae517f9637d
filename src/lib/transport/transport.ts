import type { Dispatcher } from 'undici';
import type { AuthStrategy } from '../auth/auth-strategy.js';
import { ApiError, RateLimitError, rateLimitInfo } from '../errors/api-error.js';
import { AbortError } from '../errors/abort-error.js';
import { ResponseError } from '../errors/response-error.js';
import type { ServiceNowError } from '../errors/service-now-error.js';
import type { Redactor } from '../internal/redact.js';
import type { Semaphore } from '../internal/semaphore.js';
import type { Logger } from '../logger.js';
import { classifyError } from './classify-error.js';
import { createRateGate } from './rate-gate.js';
import { loadUndici } from './undici.js';
import { decideRetry, serverRequestedWait, type AttemptOutcome, type RetryPolicy } from './retry-policy.js';

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

type Attempt =
  | { readonly ok: true; readonly response: TransportResponse }
  | {
      readonly ok: false;
      readonly error: ServiceNowError;
      readonly outcome: AttemptOutcome;
      readonly permanent: boolean;
      /** The Authorization header this attempt sent (for onUnauthorized). */
      readonly sentAuthorization?: string | null;
    };

/** Creates the transport. */
export function createTransport(config: TransportConfig): Transport {
  const { logger, redactor } = config;
  const gate = createRateGate();

  async function attempt(request: TransportRequest): Promise<Attempt> {
    const method = request.method.toUpperCase();
    const safeUrl = redactor.url(request.url);
    const headers = new Headers({
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'user-agent': config.userAgent,
      ...request.headers,
    });
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (payload !== undefined) headers.set('content-type', 'application/json');
    const raw = request.rawBody;
    if (raw !== undefined) {
      headers.set('content-type', raw.contentType);
      if (raw.length !== undefined) headers.set('content-length', String(raw.length));
    }
    await config.auth.authorize(headers, request.signal);
    const deadline = createDeadline(request.timeoutMs ?? config.timeoutMs);
    const timeout = deadline.signal;
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const fail = (error: unknown, duringBody: boolean): Attempt => {
      const c = classifyError(error, {
        method,
        url: safeUrl,
        callerSignal: request.signal,
        timedOut: timeout.aborted,
        duringBody,
      });
      return { ok: false, error: c.error, outcome: { kind: 'error', phase: c.phase }, permanent: c.permanent };
    };
    logger.debug(`${method} ${safeUrl}`);
    let res: Awaited<ReturnType<typeof fetch>>;
    // With redirect 'manual' fetch clones the request, teeing a stream body whose unread branch then buffers
    // the whole upload in memory (WHATWG fetch, HTTP-network-or-cache fetch step 8). Stream bodies use
    // 'error', which sends the request itself; a redirect then fails as 'unexpected redirect'.
    const streamBody = raw !== undefined && !(raw.data instanceof Uint8Array);
    const { fetch } = await loadUndici();
    try {
      const plain: Record<string, string> = {};
      headers.forEach((value, name) => (plain[name] = value));
      res = await fetch(request.url, {
        method,
        headers: plain,
        body: payload ?? (streamBody ? extendingDeadline(raw.data, deadline) : (raw?.data ?? null)),
        ...(streamBody ? { duplex: 'half' as const } : {}),
        dispatcher: config.dispatcher,
        signal,
        redirect: streamBody ? 'error' : 'manual',
      });
    } catch (error) {
      if (
        streamBody &&
        error instanceof Error &&
        (error.cause as Error | undefined)?.message === 'unexpected redirect'
      ) {
        const redirected = new ResponseError(
          `Redirected: ${method} ${safeUrl}. A login or SSO page is not the REST API`,
          { cause: error },
        );
        return { ok: false, error: redirected, outcome: { kind: 'error', phase: 'sent' }, permanent: true };
      }
      return fail(error, false);
    }
    if (request.responseType === 'stream' && res.status >= 200 && res.status < 300) {
      // The body may take longer than any per-attempt deadline; from here on only the caller's signal and the
      // dispatcher's body timeout apply.
      deadline.clear();
      const stream = (res.body ?? new Blob([]).stream()) as ReadableStream<Uint8Array>;
      return { ok: true, response: { status: res.status, headers: res.headers, body: undefined, stream } };
    }
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      // A body cut short (Content-Length not reached, reset mid-body) must never pass as a short page.
      const c = fail(error, true);
      if (c.ok || c.error instanceof AbortError || c.error.code === 'SN_TIMEOUT') return c;
      const truncated = new ResponseError(`The response body was cut short: ${method} ${safeUrl}`, {
        status: res.status,
        truncated: true,
        cause: error,
      });
      return { ...c, error: truncated };
    }
    const outcome: AttemptOutcome = { kind: 'response', status: res.status, headers: res.headers };
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location') ?? 'elsewhere';
      const error = new ResponseError(
        `Redirected (${res.status}) to ${redactor.url(location)}: ${method} ${safeUrl}. A login or SSO page is not the REST API`,
        { status: res.status },
      );
      return { ok: false, error, outcome, permanent: true };
    }
    if (res.status >= 400) {
      const error = ApiError.fromResponse({
        status: res.status,
        headers: res.headers,
        bodyText: text,
        method,
        url: request.url,
        response: res,
        redactor,
        now: config.clock(),
      });
      const sentAuthorization = headers.get('authorization');
      return { ok: false, error, outcome, permanent: error.code === 'SN_TRANSACTION_TIMEOUT', sentAuthorization };
    }
    return {
      ok: true,
      response: { status: res.status, headers: res.headers, body: parseBody(text, res, method, safeUrl) },
    };
  }

  async function send(request: TransportRequest): Promise<TransportResponse> {
    const policy =
      request.maxRetries === undefined ? config.policy : { ...config.policy, maxRetries: request.maxRetries };
    // A stream body is consumed by the first attempt: it can be neither retried nor replayed after a 401.
    const replayable = request.rawBody === undefined || request.rawBody.data instanceof Uint8Array;
    let unauthorizedReplayed = false;
    let justWaited = false;
    for (let n = 0; ; n += 1) {
      if (request.signal?.aborted) throw new AbortError(undefined, { cause: request.signal.reason });
      // A request that has just slept out its own retry delay already honoured the gate.
      const paused = justWaited ? 0 : gate.waitMs(config.clock());
      justWaited = false;
      if (paused > 0) {
        logger.debug(`rate limited: pausing ${paused} ms before ${request.method.toUpperCase()}`);
        await config.sleep(paused, request.signal);
      }
      const release = await config.semaphore.acquire();
      let result: Attempt;
      try {
        result = await attempt(request);
      } finally {
        release();
      }
      if (result.ok) return result.response;
      const { error, outcome } = result;
      if (error instanceof AbortError) throw error;
      if (!replayable) throw error;
      if (
        outcome.kind === 'response' &&
        outcome.status === 401 &&
        !unauthorizedReplayed &&
        config.auth.onUnauthorized
      ) {
        unauthorizedReplayed = true;
        if (await config.auth.onUnauthorized(request.signal, result.sentAuthorization)) {
          logger.debug('401: credentials refreshed, replaying once');
          n -= 1;
          continue;
        }
      }
      if (result.permanent) throw error;
      if (outcome.kind === 'response' && outcome.status === 429) {
        // Hold every request of this client, not just this one, until the window resets (when that fits the cap).
        const wait = serverRequestedWait(429, outcome.headers, config.clock());
        if (wait !== undefined && wait <= policy.maxRetryDelayMs) gate.pauseUntil(config.clock() + wait);
      }
      const decision = decideRetry(request.method, outcome, n, policy, config.clock());
      if (decision.action === 'fail') throw error;
      if (decision.action === 'rate-limited') {
        if (error instanceof RateLimitError) {
          const info = {
            ...rateLimitInfo(outcome.kind === 'response' ? outcome.headers : new Headers(), config.clock()),
          };
          throw new RateLimitError(
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
        throw error;
      }
      logger.debug(`retry ${n + 1}/${policy.maxRetries} in ${decision.delayMs} ms: ${decision.reason}`, {
        method: request.method.toUpperCase(),
        url: redactor.url(request.url),
        error: error.code,
      });
      await config.sleep(decision.delayMs, request.signal);
      justWaited = true;
    }
  }

  return { send };
}

/** A per-attempt timeout like AbortSignal.timeout (unref'd timer) that can be restarted or switched off. */
interface Deadline {
  readonly signal: AbortSignal;
  clear(): void;
  /** Starts the full period again. */
  restart(): void;
}

function createDeadline(ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ms,
  );
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer), restart: () => void timer.refresh() };
}

/**
 * A streamed upload restarts the per-attempt deadline with every chunk sent, so the timeout bounds a stall
 * (and the wait for the answer after the last chunk) rather than the size of the file.
 */
async function* extendingDeadline(data: AsyncIterable<Uint8Array>, deadline: Deadline): AsyncGenerator<Uint8Array> {
  for await (const chunk of data) {
    deadline.restart();
    yield chunk;
  }
}

function parseBody(text: string, res: { status: number; headers: Headers }, method: string, url: string): unknown {
  if (text === '' || res.status === 204) return undefined;
  const contentType = res.headers.get('content-type') ?? '';
  const looksHtml = /html/i.test(contentType) || /^\s*</.test(text);
  if (!looksHtml) {
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new ResponseError(`The response is not valid JSON: ${method} ${url}`, {
        status: res.status,
        contentType,
        cause,
      });
    }
  }
  throw new ResponseError(
    `Got an HTML page instead of JSON from ${method} ${url}. The instance may be hibernating or behind a login page: open it in a browser to wake it`,
    { status: res.status, contentType },
  );
}
