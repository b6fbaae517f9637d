import { canRead, readDenialIsForbidden } from '../auth/acl.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { Row } from '../store/store.js';
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
  if (!canRead(req.caller, table)) {
    if (readDenialIsForbidden(table))
      return errorResponse(403, 'Operation Failed', 'ACL Exception Read Failed due to security constraints');
  }
  const readable = canRead(req.caller, table);
  const plan = planQuery(ctx, req.caller, table, params.query, params.filters);
  const nothing = plan.empty || !readable;
  const from = `FROM "${table.physical}" t WHERE ${plan.where}`;
  const rows: Row[] = nothing
    ? []
    : (ctx.store
        .prepare(`SELECT t.* ${from} ORDER BY ${plan.orderBy} LIMIT ? OFFSET ?`)
        .all(...plan.params, params.limit, params.offset) as Row[]);
  let total: number | undefined;
  if (!params.noCount) {
    total = nothing ? 0 : (ctx.store.prepare(`SELECT count(*) AS n ${from}`).get(...plan.params) as { n: number }).n;
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
  const serializer = createSerializer(ctx, table, { ...params, fields: params.fields, tableBase: req.tableBase });
  let body = '{"result":[';
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) body += ',';
    body += serializer.record(rows[i] as Row);
  }
  return jsonResponse(200, `${body}]}`, headers);
}
