/** One parsed item of `rest_requests` (reference §6, [BAT]). */
export interface BatchItem {
  readonly id: string;
  readonly method: string;
  /** Path and query on this instance, e.g. `/api/now/table/incident?sysparm_limit=1`. */
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The decoded body (base64 on the wire). */
  readonly body: Buffer | undefined;
  readonly excludeResponseHeaders: boolean;
}

/** A parsed batch: its id echoed as a string, and its items in order. */
export interface BatchRequest {
  readonly batchRequestId: string;
  readonly items: readonly BatchItem[];
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}$/;

const idText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;

function parseItem(raw: unknown, index: number): BatchItem | string {
  const where = `rest_requests[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `${where} must be an object`;
  const o = raw as Record<string, unknown>;
  const id = idText(o.id);
  if (id === undefined || id === '') return `${where}.id is required (a string such as "1")`;
  const method = typeof o.method === 'string' ? o.method.trim().toUpperCase() : '';
  if (!METHODS.has(method)) return `${where}.method must be one of ${[...METHODS].join(', ')}`;
  if (typeof o.url !== 'string' || !o.url.startsWith('/') || o.url.startsWith('//')) {
    return `${where}.url must be a path on this instance, e.g. /api/now/table/incident`;
  }
  const headers: [string, string][] = [];
  if (o.headers !== undefined && o.headers !== null) {
    if (!Array.isArray(o.headers)) return `${where}.headers must be an array of {"name","value"} objects`;
    for (const h of o.headers as unknown[]) {
      const header = h as { name?: unknown; value?: unknown } | null;
      if (
        typeof header?.name !== 'string' ||
        typeof header.value !== 'string' ||
        !/^[!#-'*+.0-9A-Z^-z|~-]+$/.test(header.name)
      ) {
        return `${where}.headers entries must be {"name":"Accept","value":"application/json"}`;
      }
      headers.push([header.name, header.value]);
    }
  }
  let body: Buffer | undefined;
  if (o.body !== undefined && o.body !== null && o.body !== '') {
    if (typeof o.body !== 'string' || !BASE64.test(o.body)) return `${where}.body must be base64-encoded`;
    body = Buffer.from(o.body, 'base64');
  }
  const exclude = o.exclude_response_headers;
  return {
    id,
    method,
    url: o.url,
    headers,
    body,
    excludeResponseHeaders: exclude === true || (typeof exclude === 'string' && exclude.toLowerCase() === 'true'),
  };
}

/** Validates a batch body; returns a message naming the problem for anything malformed. */
export function parseBatchRequest(text: string): BatchRequest | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'The batch body is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'The batch body must be an object {"batch_request_id":"1","rest_requests":[…]}';
  }
  const o = parsed as Record<string, unknown>;
  const batchRequestId = idText(o.batch_request_id) ?? '';
  if (!Array.isArray(o.rest_requests)) return 'rest_requests must be an array of requests';
  const items: BatchItem[] = [];
  const ids = new Set<string>();
  for (const [index, raw] of (o.rest_requests as unknown[]).entries()) {
    const item = parseItem(raw, index);
    if (typeof item === 'string') return item;
    if (ids.has(item.id)) return `rest_requests[${index}].id "${item.id}" is used twice; give every request its own id`;
    ids.add(item.id);
    items.push(item);
  }
  return { batchRequestId, items };
}
