/**
 * The emulator's control plane and a plain Table API reader, used by soak scenarios to set faults and to
 * count what the emulator really holds (never through the library under test).
 */

const json = { 'content-type': 'application/json' };
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : json,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Adds one fault rule (see src/emulator/faults/fault-store.ts for the fields). */
export async function addFault(url: string, spec: Record<string, unknown>): Promise<void> {
  await control(url, 'POST', 'faults', spec);
}

export async function clearFaults(url: string): Promise<void> {
  await control(url, 'DELETE', 'faults');
}

/** How many requests each fault kind hit since the last clear. */
export async function firedFaults(url: string): Promise<Record<string, number>> {
  return (await control(url, 'GET', 'faults/fired')) as Record<string, number>;
}

/** The fault kinds of the export mix: rate limit, outage, reset, cut body, transaction timeout. */
export const EXPORT_FAULT_KINDS = ['status429', 'status503', 'reset', 'truncate', 'transaction-timeout'] as const;

/**
 * Adds one probabilistic rule per kind so that, together, about `rate` of the requests under `path` fail
 * (the store applies the first rule that fires, so each gets 1 - (1 - rate)^(1/n)).
 */
export async function addFaultMix(
  url: string,
  rate: number,
  path: string,
  kinds: readonly string[] = EXPORT_FAULT_KINDS,
  retryAfter = 1,
): Promise<void> {
  const each = 1 - (1 - rate) ** (1 / kinds.length);
  for (const kind of kinds) await addFault(url, { kind, probability: each, path, retryAfter });
}

/** Sum of fired faults. */
export function totalFired(fired: Record<string, number>, kinds: readonly string[]): number {
  return kinds.reduce((sum, k) => sum + (fired[k] ?? 0), 0);
}

/**
 * Every row of a table matching `query` (fields as given, sys_id always), read with keyset pages of 10 000
 * straight from the Table API as admin. Call it with faults cleared (or only hide-rows active).
 */
export async function readAll(
  url: string,
  table: string,
  query: string,
  fields: readonly string[] = ['sys_id'],
): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  let last = '';
  const wanted = [...new Set(['sys_id', ...fields])].join(',');
  for (;;) {
    const q = [query, last ? `sys_id>${last}` : '', 'ORDERBYsys_id'].filter((s) => s !== '').join('^');
    const params = new URLSearchParams({ sysparm_fields: wanted, sysparm_limit: '10000', sysparm_query: q });
    const res = await fetch(`${url}/api/now/table/${table}?${params}`, {
      headers: { authorization: ADMIN, accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`reading ${table}: ${res.status} ${await res.text()}`);
    const rows = ((await res.json()) as { result: Record<string, string>[] }).result;
    if (rows.length === 0) return out;
    out.push(...rows);
    last = rows[rows.length - 1]!['sys_id']!;
  }
}
