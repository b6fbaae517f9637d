import { canRead, readDenialIsForbidden } from '../auth/acl.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import { buildLinkHeader } from './link-header.js';
import { planQuery } from './query-plan.js';
import { createSerializer } from './serializer.js';
import type { TableRequest } from './table-request.js';

/**
 * GET list (reference §1.1–§1.5): filtered, ordered, paged in SQL (LIMIT/OFFSET, never the whole table),
 * X-Total-Count and Link headers, v1's 404 on an empty result.
 */
export function listRecords(req: TableRequest): Response {
  const { ctx, table, params } = req;
  const readable = canRead(req.caller, table);
  if (!readable && readDenialIsForbidden(table)) {
    return errorResponse(403, 'Operation Failed', 'ACL Exception Read Failed due to security constraints');
  }
  const plan = planQuery(ctx, req.caller, table, params.query, params.filters);
  const nothing = plan.empty || !readable;
  const serializer = createSerializer(ctx, table, { ...params, tableBase: req.tableBase });
  const page = `FROM "${table.physical}" t WHERE ${plan.selectWhere} ORDER BY ${plan.orderBy} LIMIT @limit OFFSET @offset`;
  const named = { limit: params.limit, offset: params.offset };
  let rows: readonly unknown[] = [];
  if (!nothing && serializer.sqlObject !== undefined) {
    rows = ctx.store
      .prepare(`SELECT ${serializer.sqlObject} ${page}`)
      .pluck(true)
      .all(...plan.params, { ...named, base: req.tableBase });
  } else if (!nothing) {
    const columns = serializer.selectColumns.map((c) => `t."${c}"`).join(',');
    rows = (
      ctx.store
        .prepare(`SELECT ${columns} ${page}`)
        .raw(true)
        .all(...plan.params, named) as unknown[][]
    ).map((values) => serializer.values(values));
  }
  let total: number | undefined;
  if (!params.noCount) {
    const counted = nothing
      ? undefined
      : (ctx.store
          .prepare(`SELECT count(*) AS n FROM "${table.physical}" t WHERE ${plan.countWhere}`)
          .get(...plan.params) as { n: number } | undefined);
    total = counted?.n ?? 0;
  }
  if (rows.length === 0 && req.version === 'v1') {
    return errorResponse(
      404,
      'No Record found',
      'Records matching query not found. Check query parameter or offset parameter',
    );
  }
  const headers: Record<string, string> = {};
  if (total !== undefined) headers['X-Total-Count'] = String(total);
  if (!params.suppressPaginationHeader) {
    const link = buildLinkHeader({
      origin: req.origin,
      pathname: req.pathname,
      rawQuery: req.rawQuery,
      offset: params.offset,
      limit: params.limit,
      total,
      pageRows: rows.length,
    });
    if (link !== undefined) headers.Link = link;
  }
  if (req.omitBody) return jsonResponse(200, null, headers);
  const body = `{"result":[${rows.join(',')}]}`;
  return jsonResponse(200, body, headers);
}
