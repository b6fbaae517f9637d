import type { Context, Hono } from 'hono';
import { canRead, readDenialIsForbidden } from '../auth/acl.js';
import type { EmulatorContext } from '../context.js';
import { notAcceptable } from '../http/accept.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { runStats } from '../stats/run-stats.js';
import { parseStatsParams } from '../stats/stats-params.js';
import { parseTableParams } from '../table/params.js';

/**
 * The Aggregate API (reference §6, [AGG]): GET /api/now[/v1]/stats/{table} with sysparm_count, the
 * sysparm_{avg,min,max,sum}_fields, sysparm_group_by, sysparm_having and sysparm_order_by. Filters go
 * through the same query planner as the Table API list, and read ACLs apply the same way.
 */
export function registerStatsRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  const handler = (c: Context<EmulatorEnv>): Response => handleStats(ctx, c);
  app.get('/api/now/stats/:table', handler);
  app.get('/api/now/v1/stats/:table', handler);
}

function handleStats(ctx: EmulatorContext, c: Context<EmulatorEnv>): Response {
  const refused = notAcceptable(c.req.header('accept'));
  if (refused) return refused;
  const name = c.req.param('table') ?? '';
  const table = ctx.schema.table(name);
  if (!table) return errorResponse(400, `Invalid table ${name}`, null);
  const caller = c.get('caller');
  const readable = canRead(caller, table);
  if (!readable && readDenialIsForbidden(table)) {
    return errorResponse(403, 'Operation Failed', 'ACL Exception Read Failed due to security constraints');
  }
  const search = new URL(c.req.url).searchParams;
  const spec = parseStatsParams(search, table);
  if (typeof spec === 'string') return errorResponse(400, 'Invalid stats request', spec);
  const params = parseTableParams(search);
  const entries = runStats(
    ctx,
    caller,
    table,
    spec,
    { query: params.query, filters: params.filters, displayValue: params.displayValue },
    readable,
  );
  const result = spec.groupBy.length > 0 ? entries : (entries[0] ?? { stats: {} });
  return jsonResponse(200, JSON.stringify({ result }));
}
