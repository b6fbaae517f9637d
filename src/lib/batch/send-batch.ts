import { ApiError } from '../errors/api-error.js';
import { ResponseError } from '../errors/response-error.js';
import type { Transport } from '../transport/transport.js';
import type { BatchItemResult, BatchRequestSpec } from './batch-types.js';

/** What one batch POST needs. */
export interface BatchContext {
  readonly transport: Transport;
  readonly instanceUrl: string;
}

/** One item of a batch on its way out: the spec and the id it is sent under. */
export interface OutgoingItem {
  readonly id: string;
  readonly spec: BatchRequestSpec;
}

/** One batch POST's answer: results of serviced items by id, and the ids the instance did not run. */
export interface BatchRound {
  readonly serviced: Map<string, BatchItemResult>;
  readonly unserviced: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Builds the item URL (path + query) relative to the instance, as the Batch API wants. */
export function itemUrl(spec: BatchRequestSpec): string {
  if (typeof spec.path !== 'string' || !spec.path.startsWith('/') || spec.path.startsWith('//')) {
    throw new TypeError(
      `Invalid batch request path ${JSON.stringify(spec.path)}: use a path such as /api/now/table/incident`,
    );
  }
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return qs === '' ? spec.path : `${spec.path}${spec.path.includes('?') ? '&' : '?'}${qs}`;
}

function wireItem(item: OutgoingItem): Record<string, unknown> {
  const headers = [
    { name: 'Accept', value: 'application/json' },
    ...(item.spec.body === undefined ? [] : [{ name: 'Content-Type', value: 'application/json' }]),
    ...Object.entries(item.spec.headers ?? {}).map(([name, value]) => ({ name, value })),
  ];
  return {
    id: item.id,
    method: item.spec.method,
    url: itemUrl(item.spec),
    headers,
    ...(item.spec.body === undefined ? {} : { body: Buffer.from(JSON.stringify(item.spec.body)).toString('base64') }),
  };
}

function decodeItem(raw: Record<string, unknown>, spec: BatchRequestSpec, instanceUrl: string): BatchItemResult {
  const id = String(raw.id);
  const status = typeof raw.status_code === 'number' ? raw.status_code : Number(raw.status_code);
  const headers = new Headers();
  if (Array.isArray(raw.headers)) {
    for (const h of raw.headers as unknown[]) {
      if (isObject(h) && typeof h.name === 'string' && typeof h.value === 'string') headers.append(h.name, h.value);
    }
  }
  const text = typeof raw.body === 'string' ? Buffer.from(raw.body, 'base64').toString('utf8') : '';
  if (status >= 400 || !Number.isFinite(status)) {
    const error = ApiError.fromResponse({
      status: Number.isFinite(status) ? status : 500,
      headers,
      bodyText: text,
      method: spec.method,
      url: `${instanceUrl}${itemUrl(spec)}`,
    });
    return { id, status, body: undefined, headers, error };
  }
  let body: unknown;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch (cause) {
      const error = new ResponseError(`Batch item ${id} returned a body that is not JSON`, { status, cause });
      return { id, status, body: undefined, headers, error };
    }
  }
  return { id, status, body, headers };
}

/**
 * Sends one batch POST (never replayed on an ambiguous failure: it is a POST, and the transport retries
 * POSTs only on 429/503, when the instance did nothing).
 */
export async function sendBatch(
  ctx: BatchContext,
  items: readonly OutgoingItem[],
  options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined; batchRequestId: string },
): Promise<BatchRound> {
  const res = await ctx.transport.send({
    method: 'POST',
    url: `${ctx.instanceUrl}/api/now/v1/batch`,
    body: { batch_request_id: options.batchRequestId, rest_requests: items.map(wireItem) },
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  const body = res.body;
  if (!isObject(body) || !Array.isArray(body.serviced_requests)) {
    throw new ResponseError('The batch response has no "serviced_requests" array', { status: res.status });
  }
  const specs = new Map(items.map((i) => [i.id, i.spec]));
  const serviced = new Map<string, BatchItemResult>();
  for (const raw of body.serviced_requests as unknown[]) {
    if (!isObject(raw)) continue;
    const spec = specs.get(String(raw.id));
    if (spec) serviced.set(String(raw.id), decodeItem(raw, spec, ctx.instanceUrl));
  }
  const unserviced = Array.isArray(body.unserviced_requests)
    ? (body.unserviced_requests as unknown[]).map((u) => String(isObject(u) ? u.id : u))
    : [];
  // An item in neither list was not run either (a truncated answer); treat it as unserviced.
  for (const item of items) if (!serviced.has(item.id) && !unserviced.includes(item.id)) unserviced.push(item.id);
  return { serviced, unserviced };
}
