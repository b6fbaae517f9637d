import { STATUS_CODES } from 'node:http';
import type { BatchItem, BatchRequest } from './batch-request.js';

/** Batch limits (reference §6): 5 MB per item in, 10 MB per item out, 30 s for the whole batch. */
export interface BatchLimits {
  readonly maxInputBytes: number;
  readonly maxOutputBytes: number;
  readonly timeoutMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxInputBytes: 5 * 1024 * 1024,
  maxOutputBytes: 10 * 1024 * 1024,
  timeoutMs: 30_000,
};

/** One serviced item as the response lists it. */
export interface ServicedRequest {
  readonly id: string;
  readonly status_code: number;
  readonly status_text: string;
  readonly headers: readonly { name: string; value: string }[];
  readonly body: string;
  readonly execution_time: number;
}

export interface BatchResponse {
  readonly batch_request_id: string;
  readonly serviced_requests: readonly ServicedRequest[];
  readonly unserviced_requests: readonly string[];
}

/** Runs one sub-request in-process (never over the network) with the batch's credentials. */
export type SubRequestDispatcher = (request: Request) => Promise<Response>;

function subRequest(item: BatchItem, origin: string, authorization: string | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of item.headers) headers.append(name, value);
  // Sub-requests run as the batch's caller: an Authorization inside an item is replaced, not honoured.
  headers.delete('authorization');
  if (authorization !== undefined) headers.set('authorization', authorization);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (item.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const withBody = item.body !== undefined && item.method !== 'GET' && item.method !== 'HEAD';
  return new Request(new URL(item.url, origin), {
    method: item.method,
    headers,
    ...(withBody ? { body: new Uint8Array(item.body) } : {}),
  });
}

/**
 * Runs the items in order. When an item's input or output is over its limit, or the batch has run out of
 * time, that item and every later one go to unserviced_requests (the docs: the transaction is cancelled and
 * the unprocessed requests are returned), so a client can resend them.
 */
export async function runBatch(
  batch: BatchRequest,
  options: {
    readonly origin: string;
    readonly authorization: string | undefined;
    readonly dispatch: SubRequestDispatcher;
    readonly limits: BatchLimits;
    readonly now?: () => number;
  },
): Promise<BatchResponse> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const serviced: ServicedRequest[] = [];
  const unserviced: string[] = [];
  for (const item of batch.items) {
    if (
      unserviced.length > 0 ||
      now() - started > options.limits.timeoutMs ||
      (item.body?.byteLength ?? 0) > options.limits.maxInputBytes
    ) {
      unserviced.push(item.id);
      continue;
    }
    const t0 = now();
    const res = await options.dispatch(subRequest(item, options.origin, options.authorization));
    const body = Buffer.from(await res.arrayBuffer());
    if (body.byteLength > options.limits.maxOutputBytes) {
      unserviced.push(item.id);
      continue;
    }
    const headers: { name: string; value: string }[] = [];
    if (!item.excludeResponseHeaders) res.headers.forEach((value, name) => headers.push({ name, value }));
    serviced.push({
      id: item.id,
      status_code: res.status,
      status_text: STATUS_CODES[res.status] ?? '',
      headers,
      body: body.toString('base64'),
      execution_time: Math.round(now() - t0),
    });
  }
  return { batch_request_id: batch.batchRequestId, serviced_requests: serviced, unserviced_requests: unserviced };
}
