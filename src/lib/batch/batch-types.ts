import type { ServiceNowError } from '../errors/service-now-error.js';

/** One request inside a batch. `path` is relative to the instance, e.g. `/api/now/table/incident`. */
export interface BatchRequestSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A JSON body (sent base64-encoded, as the Batch API wants). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What happened to one request of a batch. */
export interface BatchItemResult {
  /** The id the request was sent under (its position in the batch, unless one was given). */
  readonly id: string;
  /** The item's HTTP status; 0 when the instance never ran it (unserviced). */
  readonly status: number;
  /** The decoded JSON body, or undefined (204, X-no-response-body, unserviced). */
  readonly body: unknown;
  readonly headers: Headers;
  /** Set when the item failed (an ApiError subclass for 4xx/5xx, BatchUnservicedError when never run). */
  readonly error?: ServiceNowError;
}

/** Options of {@link ServiceNowClient.batch} executions. */
export interface BatchExecuteOptions {
  readonly signal?: AbortSignal;
  /** Per-attempt timeout of each batch POST. */
  readonly timeoutMs?: number;
}
