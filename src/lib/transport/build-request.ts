import type { TransportRequest } from './transport.js';

/** One attempt's request, before credentials are added. */
export interface PreparedRequest {
  readonly method: string;
  readonly url: string;
  /** Default headers, the caller's, and the content type; the auth strategy adds its own to this object. */
  readonly headers: Headers;
  /** A JSON text, bytes, or a one-shot stream (read once: see {@link isReplayable}). */
  readonly body: string | Uint8Array | AsyncIterable<Uint8Array> | undefined;
}

/** Builds the request of one attempt (pure: the same input gives the same request). */
export function buildRequest(request: TransportRequest, userAgent: string): PreparedRequest {
  const headers = new Headers({
    accept: 'application/json',
    'accept-encoding': 'gzip',
    'user-agent': userAgent,
    ...request.headers,
  });
  const raw = request.rawBody;
  if (request.body !== undefined) {
    headers.set('content-type', 'application/json');
    const body = JSON.stringify(request.body);
    return { method: request.method.toUpperCase(), url: request.url, headers, body };
  }
  if (raw !== undefined) {
    headers.set('content-type', raw.contentType);
    if (raw.length !== undefined) headers.set('content-length', String(raw.length));
  }
  return { method: request.method.toUpperCase(), url: request.url, headers, body: raw?.data };
}

/** True when a request's body can be sent again (no body, JSON or bytes; not a stream). */
export function isReplayable(request: TransportRequest): boolean {
  return request.rawBody === undefined || request.rawBody.data instanceof Uint8Array;
}

/** Headers as the plain object undici.request takes. */
export function plainHeaders(headers: Headers): Record<string, string> {
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => (plain[name] = value));
  return plain;
}
