import { ServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';
import { createRedactor, type Redactor } from '../internal/redact.js';

/** What {@link ApiError.fromResponse} needs from an HTTP exchange. */
export interface ApiErrorResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The raw body text (may be empty). */
  readonly bodyText: string;
  readonly method: string;
  readonly url: string;
  /** The response object, attached non-enumerably. */
  readonly response?: unknown;
  /** Masks secrets in the URL, message and headers; defaults to the built-in key and header rules. */
  readonly redactor?: Redactor;
  /** Milliseconds since the epoch, for HTTP-date Retry-After and X-RateLimit-Reset. */
  readonly now?: number;
  readonly cause?: unknown;
}

/** Fields of an {@link ApiError}. */
export interface ApiErrorInit {
  readonly status: number;
  readonly message: string;
  readonly detail: string | undefined;
  readonly headers: Record<string, string>;
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  readonly response?: unknown;
}

/**
 * ServiceNow answered with an error status. The body and raw response are attached non-enumerably, so logging or
 * serialising the error never prints them; `url` and `headers` are redacted.
 */
export class ApiError extends ServiceNowError {
  readonly status: number;
  /** ServiceNow's `error.message`, e.g. "No Record found". */
  readonly serviceNowMessage: string;
  /** ServiceNow's `error.detail`, e.g. "Record doesn't exist or ACL restricts the record retrieval". */
  readonly detail: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly method: string;
  readonly url: string;
  declare readonly body: unknown;
  declare readonly response: unknown;

  constructor(init: ApiErrorInit, options: ServiceNowErrorOptions = {}, code = 'SN_API_ERROR') {
    const detail = init.detail ? `: ${init.detail}` : '';
    super(`HTTP ${init.status} ${init.message}${detail} (${init.method} ${init.url})`, code, options);
    this.status = init.status;
    this.serviceNowMessage = init.message;
    this.detail = init.detail;
    this.headers = init.headers;
    this.method = init.method;
    this.url = init.url;
    Object.defineProperty(this, 'body', { value: init.body, enumerable: false, writable: false });
    Object.defineProperty(this, 'response', { value: init.response, enumerable: false, writable: false });
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, detail: this.detail, method: this.method, url: this.url };
  }

  /**
   * Builds the right subclass from a ServiceNow error response, parsing the
   * `{"error":{"message","detail"},"status":"failure"}` envelope.
   */
  static fromResponse(res: ApiErrorResponse): ApiError {
    const redactor = res.redactor ?? createRedactor();
    const { message, detail, body } = parseEnvelope(res.bodyText, res.status);
    const init: ApiErrorInit = {
      status: res.status,
      message: redactor.text(message),
      detail: detail === undefined ? undefined : redactor.text(detail),
      headers: redactor.headers(res.headers),
      method: res.method,
      url: redactor.url(res.url),
      body,
      response: res.response,
    };
    const options: ServiceNowErrorOptions = res.cause === undefined ? {} : { cause: res.cause };
    if (/maximum execution time exceeded/i.test(res.bodyText)) return new TransactionTimeoutError(init, options);
    switch (res.status) {
      case 400:
        return badRequest(init, options);
      case 401:
        return new AuthenticationError(init, options);
      case 403:
        return new PermissionDeniedError(init, options);
      case 404:
        return new NotFoundError(init, options);
      case 429:
        return new RateLimitError(init, rateLimitInfo(res.headers, res.now ?? Date.now()), options);
      default:
        return res.status >= 500 ? new ServerError(init, options) : new ApiError(init, options);
    }
  }
}

function parseEnvelope(text: string, status: number): { message: string; detail: string | undefined; body: unknown } {
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (an HTML error page, a proxy's text): keep the text as the body.
  }
  const error = (body as { error?: { message?: unknown; detail?: unknown } } | undefined)?.error;
  if (error && typeof error === 'object') {
    const message = typeof error.message === 'string' && error.message ? error.message : `status ${status}`;
    const detail = typeof error.detail === 'string' && error.detail ? error.detail : undefined;
    return { message, detail, body };
  }
  return { message: STATUS_TEXT[status] ?? 'Request failed', detail: undefined, body };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Rate-limit facts read from a 429's headers. */
export interface RateLimitInfo {
  readonly retryAfterMs: number | undefined;
  readonly limit: number | undefined;
  readonly resetAt: Date | undefined;
}

/** Reads Retry-After (seconds or HTTP-date), X-RateLimit-Limit and X-RateLimit-Reset (UNIX seconds). */
export function rateLimitInfo(headers: Headers, now: number): RateLimitInfo {
  const limitRaw = Number(headers.get('x-ratelimit-limit') ?? Number.NaN);
  const resetRaw = Number(headers.get('x-ratelimit-reset') ?? Number.NaN);
  return {
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), now),
    limit: Number.isFinite(limitRaw) ? limitRaw : undefined,
    resetAt: Number.isFinite(resetRaw) ? new Date(resetRaw * 1000) : undefined,
  };
}

/** Parses a Retry-After value (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. Undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** 400: bad request, including an unknown table ("Invalid table x"). */
export class BadRequestError extends ApiError {
  constructor(init: ApiErrorInit, options: ServiceNowErrorOptions = {}, code = 'SN_BAD_REQUEST') {
    super(init, options, code);
  }
}

/**
 * 400 "Invalid table x": the Table API (and others naming a table in the path) refused an unknown table name.
 * Code `SN_UNKNOWN_TABLE`, so callers test the code rather than the message; still a {@link BadRequestError}.
 */
export class InvalidTableError extends BadRequestError {
  /** The table name the instance refused. */
  readonly table: string;

  constructor(init: ApiErrorInit, table: string, options: ServiceNowErrorOptions = {}) {
    super(init, options, 'SN_UNKNOWN_TABLE');
    this.table = table;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), table: this.table };
  }
}

/**
 * A 400, classified once here from ServiceNow's own wording, so no caller matches the message again:
 * "Invalid table x" is an {@link InvalidTableError} (`SN_UNKNOWN_TABLE`), the CMDB Instance API's
 * "Invalid class x" a {@link BadRequestError} with code `SN_UNKNOWN_CLASS`.
 */
function badRequest(init: ApiErrorInit, options: ServiceNowErrorOptions): BadRequestError {
  const table = /^Invalid table (\S+)/.exec(init.message)?.[1];
  if (table !== undefined) return new InvalidTableError(init, table, options);
  if (init.message.startsWith('Invalid class')) return new BadRequestError(init, options, 'SN_UNKNOWN_CLASS');
  return new BadRequestError(init, options);
}

/** 401: missing or wrong credentials, or an expired token that could not be refreshed. */
export class AuthenticationError extends ApiError {
  constructor(init: ApiErrorInit, options: ServiceNowErrorOptions = {}) {
    super(init, options, 'SN_UNAUTHENTICATED');
  }
}

/** 403: an ACL or data policy refused the operation. */
export class PermissionDeniedError extends ApiError {
  constructor(init: ApiErrorInit, options: ServiceNowErrorOptions = {}) {
    super(init, options, 'SN_FORBIDDEN');
  }
}

/** 404: the record does not exist or an ACL hides it. */
export class NotFoundError extends ApiError {
  constructor(init: ApiErrorInit, options: ServiceNowErrorOptions = {}) {
    super(init, options, 'SN_NOT_FOUND');
  }
}

/** 429: the instance's REST rate limit was hit and waiting would exceed `maxRetryDelayMs` (or retries ran out). */
export class RateLimitError extends ApiError {
  /** How long ServiceNow asked to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  /** Requests per hour allowed by the rate-limit rule. */
  readonly limit: number | undefined;
  /** When the rate-limit window resets. */
  readonly resetAt: Date | undefined;

  constructor(init: ApiErrorInit, info: RateLimitInfo, options: ServiceNowErrorOptions = {}) {
    super(init, options, 'SN_RATE_LIMITED');
    this.retryAfterMs = info.retryAfterMs;
    this.limit = info.limit;
    this.resetAt = info.resetAt;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs, limit: this.limit, resetAt: this.resetAt };
  }
}

/** 5xx: the instance failed. */
export class ServerError extends ApiError {
  constructor(init: ApiErrorInit, options: ServiceNowErrorOptions = {}) {
    super(init, options, 'SN_SERVER_ERROR');
  }
}

/**
 * ServiceNow cancelled the transaction ("Transaction cancelled: maximum execution time exceeded"). Listing halves
 * its page size and tries again when it sees this.
 */
export class TransactionTimeoutError extends ApiError {
  constructor(init: ApiErrorInit, options: ServiceNowErrorOptions = {}) {
    super(init, options, 'SN_TRANSACTION_TIMEOUT');
  }
}
