import { canRead, readDenialIsForbidden } from '../auth/acl.js';
import { baseHeaders, errorResponse, jsonResponse } from '../http/envelope.js';
import { countCacheOf } from './count-cache.js';
import { countSql, pageBodySql, pageSource } from './page-sql.js';
import { buildLinkHeader } from './link-header.js';
import { planQuery } from './query-plan.js';
import { buildPage, nextKeysetQuery, readAheadPage } from './read-ahead.js';
import { createSerializer } from './serializer.js';
import type { TableRequest } from './table-request.js';

const EMPTY_BODY = '{"result":[]}';

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
  const plan = planQuery(ctx, req.caller, table, params.query, params.filters, req.shuffleTies === true);
  const nothing = plan.empty || !readable;
  const serializer = createSerializer(ctx, table, { ...params, tableBase: req.tableBase, zone: req.caller.zone });
  const page = pageSource(table.physical, plan);
  const named = { limit: params.limit, offset: params.offset };
  let pageRows = 0;
  let body: Uint8Array<ArrayBuffer> | string = EMPTY_BODY;
  if (!nothing && serializer.sqlObject !== undefined) {
    const built = buildPage(ctx.store, pageBodySql(table.physical, plan, serializer.sqlObject), [
      ...plan.params,
      { ...named, base: req.tableBase },
    ]);
    pageRows = built.n;
    body = built.body;
    if (pageRows === params.limit && params.offset === 0) scheduleReadAhead(req, built.last);
  } else if (!nothing) {
    const columns = serializer.selectColumns.map((c) => `t."${c}"`).join(',');
    const rows = (
      ctx.store
        .prepare(`SELECT ${columns} ${page}`)
        .raw(true)
        .all(...plan.params, named) as unknown[][]
    ).map((values) => serializer.values(values));
    pageRows = rows.length;
    body = `{"result":[${rows.join(',')}]}`;
  }
  let total: number | undefined;
  if (!params.noCount) {
    // The count is taken before read ACLs, as the limit is ("sysparm_limit … is applied before ACL
    // evaluation", reference §1.3): a table the caller cannot read still reports the query's total, with
    // every row filtered out of the page, as ServiceNow's short pages do.
    total = plan.empty ? 0 : countCacheOf(ctx.store).count(countSql(table.physical, plan), plan.params);
  }
  if (pageRows === 0 && req.version === 'v1') {
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
      pageRows,
    });
    if (link !== undefined) headers.Link = link;
  }
  if (req.omitBody) return jsonResponse(200, null, headers);
  if (typeof body === 'string') return jsonResponse(200, body, headers);
  return new Response(body, { status: 200, headers: { ...baseHeaders(), ...headers } });
}

/**
 * Reads the next page of a keyset walk ahead, after this response is handed to the socket: the emulator then
 * builds page k+1 while the client is still reading and parsing page k. Nothing is served from it unless the
 * next request compiles to the same statement over unchanged data (read-ahead.ts), so answers are unchanged.
 */
function scheduleReadAhead(req: TableRequest, last: string | null): void {
  const next = nextKeysetQuery(req.params.query, last);
  if (next === undefined) return;
  (req.afterResponse ?? setImmediate)(() => {
    const { ctx, table, params } = req;
    try {
      const plan = planQuery(ctx, req.caller, table, next, params.filters);
      const serializer = createSerializer(ctx, table, { ...params, tableBase: req.tableBase });
      if (plan.empty || serializer.sqlObject === undefined) return;
      const named = { limit: params.limit, offset: params.offset, base: req.tableBase };
      readAheadPage(ctx.store, pageBodySql(table.physical, plan, serializer.sqlObject), [...plan.params, named]);
      if (!params.noCount) countCacheOf(ctx.store).count(countSql(table.physical, plan), plan.params);
    } catch (error) {
      // Only a guess at the next request; the emulator may have closed meanwhile.
      ctx.logger.debug?.(`read-ahead skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
