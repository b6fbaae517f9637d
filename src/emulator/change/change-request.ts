import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { ResolvedTable } from '../schema/types.js';
import type { Row } from '../store/store.js';
import { buildLinkHeader } from '../table/link-header.js';
import { pageSource } from '../table/page-sql.js';
import { planQuery } from '../table/query-plan.js';
import { findRecord } from '../table/record-ops.js';
import { changeRenderer } from './change-shape.js';

/** One Change Management API request after routing. */
export interface ChangeCall {
  readonly ctx: EmulatorContext;
  readonly caller: Caller;
  readonly method: string;
  readonly url: URL;
  readonly origin: string;
  /** The parsed JSON body (writes), {} when empty. */
  readonly body: Record<string, unknown>;
}

/** Change types with their own routes. */
export const CHANGE_TYPES = ['normal', 'emergency', 'standard'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
export const isChangeType = (s: string | undefined): s is ChangeType => CHANGE_TYPES.includes(s as ChangeType);

/** Default page size of the Change API's lists (reference more-apis §1.2). */
const DEFAULT_LIMIT = 500;

export const notFound = (what = 'Record'): Response =>
  errorResponse(404, 'No Record found', `${what} doesn't exist or ACL restricts the record retrieval`);
export const badRequest = (message: string, detail: string | null = null): Response =>
  errorResponse(400, message, detail);
export const forbidden = (op: string): Response =>
  errorResponse(403, 'Operation Failed', `ACL Exception ${op} Failed due to security constraints`);

const WRITE_VERBS: Readonly<Record<string, string>> = { POST: 'inserted', DELETE: 'deleted' };

/**
 * A write a before business rule aborted: the scripted API puts the whole text in `message` and leaves
 * `detail` empty (reference part 2 §7.3, captured on an update; the status code was not recorded, 403 is
 * the Table API's).
 */
export const abortedChange = (method: string, detail: string): Response =>
  errorResponse(403, `Change Request record could not be ${WRITE_VERBS[method] ?? 'updated'}. ${detail}`, '');

/** A table the schema must have (a programming error otherwise). */
export function tableOf(ctx: EmulatorContext, name: string): ResolvedTable {
  const table = ctx.schema.table(name);
  if (!table) throw new Error(`table ${name} missing from the schema`);
  return table;
}

/** `{"result": …}` with `__meta.ignoredFields` on single records when something was ignored. */
export function resultResponse(result: unknown, headers: Record<string, string> = {}): Response {
  return jsonResponse(200, JSON.stringify({ result }), headers);
}

/** A record in the Change API shape, plus `__meta` when the write ignored fields. */
export function renderOne(
  call: ChangeCall,
  table: ResolvedTable,
  row: Row,
  ignoredFields: readonly string[] = [],
): Record<string, unknown> {
  const out = changeRenderer(call.ctx, table, call.origin)(row);
  if (ignoredFields.length > 0) out.__meta = { ignoredFields };
  return out;
}

/** A change_request by sys_id (optionally of one type), or undefined. */
export function findChange(ctx: EmulatorContext, sysId: string, type?: ChangeType): Row | undefined {
  const row = findRecord(ctx, tableOf(ctx, 'change_request'), sysId);
  if (!row || (type !== undefined && row.type !== type)) return undefined;
  return row;
}

/**
 * A list in the Change API shape: sysparm_query or field=value filters, `order`, sysparm_limit (default 500)
 * and sysparm_offset, with X-Total-Count and Link headers as on the Table API. `scope` adds fixed conditions.
 */
export function listResponse(
  call: ChangeCall,
  table: ResolvedTable,
  scope: readonly (readonly [string, string])[],
): Response {
  const search = call.url.searchParams;
  const terms = scope.map(([f, v]) => `${f}=${v}`);
  const base = search.get('sysparm_query')?.trim() ?? '';
  if (base !== '') terms.push(base);
  for (const [name, value] of search) if (table.fields.has(name)) terms.push(`${name}=${value}`);
  const order = search.get('order')?.trim() ?? '';
  const orderField = order.replace(/^-/, '');
  if (table.fields.has(orderField)) terms.push(`${order.startsWith('-') ? 'ORDERBYDESC' : 'ORDERBY'}${orderField}`);
  const plan = planQuery(call.ctx, call.caller, table, terms.length > 0 ? terms.join('^') : undefined, []);
  const limit = intParam(search.get('sysparm_limit')) ?? DEFAULT_LIMIT;
  const offset = intParam(search.get('sysparm_offset')) ?? 0;
  const rows = plan.empty
    ? []
    : (call.ctx.store
        .prepare(`SELECT t.* ${pageSource(table.physical, plan)}`)
        .all(...plan.params, { limit, offset }) as Row[]);
  const total = plan.empty
    ? 0
    : (
        call.ctx.store
          .prepare(`SELECT count(*) AS n FROM "${table.physical}" t WHERE ${plan.selectWhere}`)
          .get(...plan.params) as { n: number }
      ).n;
  const render = changeRenderer(call.ctx, table, call.origin);
  const headers: Record<string, string> = { 'X-Total-Count': String(total) };
  const link = buildLinkHeader({
    origin: call.origin,
    pathname: call.url.pathname,
    rawQuery: call.url.search.slice(1),
    offset,
    limit,
    total,
    pageRows: rows.length,
  });
  if (link !== undefined) headers.Link = link;
  return resultResponse(rows.map(render), headers);
}

function intParam(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Math.min(Number(value.trim()), 10_000);
}
