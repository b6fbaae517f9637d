import { ApiError } from '../errors/api-error.js';
import { AbortError } from '../errors/abort-error.js';
import { ResponseError } from '../errors/response-error.js';
import type { ServiceNowError } from '../errors/service-now-error.js';
import type { Redactor } from '../internal/redact.js';
import type { AttemptOutcome } from './retry-policy.js';
import type { TransportResponse } from './transport.js';

/** What one attempt came to: an answer for the caller, or an error plus what the retry loop needs to know. */
export type Attempt =
  | { readonly ok: true; readonly response: TransportResponse }
  | {
      readonly ok: false;
      readonly error: ServiceNowError;
      readonly outcome: AttemptOutcome;
      /** True when retrying cannot help. */
      readonly permanent: boolean;
      /** The Authorization header this attempt sent (for onUnauthorized). */
      readonly sentAuthorization?: string | null;
    };

/** An answer read in full. */
export interface ReadAnswer {
  readonly method: string;
  /** The URL as sent (ApiError redacts it itself). */
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly sentAuthorization: string | null;
}

/** Turns a fully read answer into an {@link Attempt} (pure, apart from `now`). */
export function interpretResponse(answer: ReadAnswer, redactor: Redactor, now: number): Attempt {
  const { status, headers, method } = answer;
  const safeUrl = redactor.url(answer.url);
  const outcome: AttemptOutcome = { kind: 'response', status, headers };
  if (status >= 300 && status < 400) {
    const location = headers.get('location') ?? 'elsewhere';
    const error = new ResponseError(
      `Redirected (${status}) to ${redactor.url(location)}: ${method} ${safeUrl}. A login or SSO page is not the REST API`,
      { status },
    );
    return { ok: false, error, outcome, permanent: true };
  }
  if (status >= 400) {
    const error = ApiError.fromResponse({
      status,
      headers,
      bodyText: answer.text,
      method,
      url: answer.url,
      response: { status, headers },
      redactor,
      now,
    });
    const permanent = error.code === 'SN_TRANSACTION_TIMEOUT';
    return { ok: false, error, outcome, permanent, sentAuthorization: answer.sentAuthorization };
  }
  try {
    return { ok: true, response: { status, headers, body: parseBody(answer.text, status, headers, method, safeUrl) } };
  } catch (error) {
    return { ok: false, error: error as ResponseError, outcome, permanent: true };
  }
}

/**
 * A body that could not be read in full. A body cut short (Content-Length not reached, reset mid-body, a broken
 * gzip stream) must never pass as a short page: it becomes a truncated ResponseError, retried like a reset.
 */
export function truncatedBody(failed: Attempt & { ok: false }, status: number, where: string, cause: unknown): Attempt {
  if (failed.error instanceof AbortError || failed.error.code === 'SN_TIMEOUT') return failed;
  const truncated = new ResponseError(`The response body was cut short: ${where}`, { status, truncated: true, cause });
  return { ...failed, error: truncated };
}

function parseBody(text: string, status: number, headers: Headers, method: string, url: string): unknown {
  if (text === '' || status === 204) return undefined;
  const contentType = headers.get('content-type') ?? '';
  const looksHtml = /html/i.test(contentType) || /^\s*</.test(text);
  if (!looksHtml) {
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new ResponseError(`The response is not valid JSON: ${method} ${url}`, { status, contentType, cause });
    }
  }
  throw new ResponseError(
    `Got an HTML page instead of JSON from ${method} ${url}. The instance may be hibernating or behind a login page: open it in a browser to wake it`,
    { status, contentType },
  );
}
