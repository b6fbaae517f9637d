/**
 * The 'hide-rows' fault: list answers leave out a fixed share of rows, as a row-level read ACL does on a
 * real instance after sysparm_limit was applied (reference §1: "applied before ACL evaluation"), so pages
 * come back short although more rows follow.
 */

/** A stable number in [0, 1) for a sys_id (FNV-1a), so the same rows are hidden on every request. */
export function hideScore(sysId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sysId.length; i++) {
    hash ^= sysId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}

/** True when a row with this sys_id is hidden at this fraction. */
export function isHidden(sysId: unknown, fraction: number): boolean {
  const id = typeof sysId === 'object' && sysId !== null ? (sysId as { value?: unknown }).value : sysId;
  return typeof id === 'string' && hideScore(id) < fraction;
}

/**
 * Returns the response with the hidden rows removed from a `{"result":[…]}` list body; any other response
 * (errors, single records, empty bodies) is returned unchanged.
 */
export async function hideRows(res: Response, fraction: number): Promise<Response> {
  if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('json')) return res;
  const text = await res.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return res;
  }
  const result = (body as { result?: unknown } | null)?.result;
  if (!Array.isArray(result)) return res;
  const kept = result.filter((row) => !isHidden((row as { sys_id?: unknown } | null)?.sys_id, fraction));
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify({ ...(body as object), result: kept }), { status: 200, headers });
}
