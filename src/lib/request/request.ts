import { ConfigError } from '../errors/config-error.js';
import type { Transport } from '../transport/transport.js';

/** A 2xx answer of {@link ServiceNowClient.request} with its JSON body parsed. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; `undefined` when the body is empty (204, `X-no-response-body`). */
  readonly body: T;
}

/** A 2xx answer of {@link ServiceNowClient.request} with `responseType: 'stream'`. */
export interface StreamResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The unread body; consume or cancel it. */
  readonly stream: ReadableStream<Uint8Array>;
}

/** What {@link sendRequest} reads from the caller's options. */
export interface SendOptions {
  /** A JSON body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Overrides the client's `maxRetries` for this call. */
  readonly maxRetries?: number;
  /** Overrides the client's per-attempt `timeoutMs` for this call. */
  readonly timeoutMs?: number;
  /** `'stream'` hands back the unread body as {@link StreamResponse.stream}; default `'json'`. */
  readonly responseType?: 'json' | 'stream';
}

const METHOD = /^[A-Za-z]+$/;

/**
 * The absolute URL of a request: a path on the instance (`/api/…`, query string allowed), or an absolute URL
 * whose origin is the instance's (so a `Link` header can be followed). Any other origin is refused, because
 * the connection's credentials would go with it.
 */
export function resolveRequestUrl(
  instanceUrl: string,
  path: string,
  query?: Readonly<Record<string, string | number | boolean | undefined>>,
): string {
  const invalid = (): ConfigError =>
    new ConfigError(
      `Invalid request path ${JSON.stringify(path)}`,
      'Use a path on the instance, e.g. /api/now/stats/incident, or a URL on the same instance',
    );
  if (typeof path !== 'string' || path === '') throw invalid();
  let url: URL;
  if (path.startsWith('/') && !path.startsWith('//')) {
    url = new URL(instanceUrl + path);
  } else {
    try {
      url = new URL(path);
    } catch {
      throw invalid();
    }
    if (url.origin !== new URL(instanceUrl).origin) throw invalid();
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** Sends one request through the client's transport (auth, retries, errors). */
export async function sendRequest(
  transport: Transport,
  method: string,
  url: string,
  options: SendOptions,
): Promise<ApiResponse | StreamResponse> {
  if (typeof method !== 'string' || !METHOD.test(method)) {
    throw new ConfigError(`Invalid HTTP method ${JSON.stringify(method)}`, 'Use GET, POST, PUT, PATCH or DELETE');
  }
  const res = await transport.send({
    method: method.toUpperCase(),
    url,
    body: options.body,
    ...(options.headers ? { headers: options.headers } : {}),
    signal: options.signal,
    maxRetries: options.maxRetries,
    timeoutMs: options.timeoutMs,
    ...(options.responseType === 'stream' ? { responseType: 'stream' as const } : {}),
  });
  if (options.responseType === 'stream') {
    // An empty answer (204) has no stream; hand back an empty one so callers need no special case.
    const stream = res.stream ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    return { status: res.status, headers: res.headers, stream };
  }
  return { status: res.status, headers: res.headers, body: res.body };
}
