import type { Context, Hono } from 'hono';
import type { Caller } from '../auth/caller.js';
import { canRead, canWrite } from '../auth/acl.js';
import { ciClass, findCis, ruleFor } from '../cmdb/ci-classes.js';
import { ciView } from '../cmdb/ci-view.js';
import { criterionValues } from '../cmdb/identify.js';
import { attributesOf, relationsOf, sourceOf, type RelationInput } from '../cmdb/instance-input.js';
import { ensureRelation, ensureRelationTypes } from '../cmdb/relations.js';
import { commitCiWrite, planCiWrite } from '../cmdb/write-ci.js';
import type { EmulatorContext } from '../context.js';
import { jsonOnly } from '../http/accept.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { readJsonObject, type JsonObject } from '../http/json-body.js';
import type { ResolvedTable } from '../schema/types.js';
import { addSeedHook } from '../seed/seed-hook.js';
import type { Row } from '../store/store.js';
import { planQuery } from '../table/query-plan.js';
import { findRecord } from '../table/record-ops.js';

const PREFIXES = ['/api/now/cmdb/instance', '/api/now/v1/cmdb/instance'];
const MAX_LIMIT = 10_000;

const notFound = (): Response =>
  errorResponse(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
const denied = (op: string): Response =>
  errorResponse(403, 'Operation Failed', `ACL Exception ${op} Failed due to security constraints`);
const origin = (c: Context<EmulatorEnv>): string => new URL(c.req.url).origin;

function classOf(ctx: EmulatorContext, name: string): ResolvedTable | Response {
  return (
    ciClass(ctx, name) ??
    errorResponse(400, `Invalid class ${name}`, `${name} is not a CMDB class (a table extending cmdb_ci)`)
  );
}

/** The CI a write to `/:className/:sysId` names and its body with a source, or the refusal (400, 403 or 404). */
async function ciWrite(
  ctx: EmulatorContext,
  c: Context<EmulatorEnv>,
  op: string,
): Promise<{ table: ResolvedTable; existing: Row; body: JsonObject; source: string } | Response> {
  const table = classOf(ctx, c.req.param('className') ?? '');
  if (table instanceof Response) return table;
  if (!canWrite(c.get('caller'), table)) return denied(op);
  const existing = findRecord(ctx, table, c.req.param('sysId') ?? '');
  if (!existing) return notFound();
  const body = await readJsonObject(c.req.raw);
  if (body instanceof Response) return body;
  const source = sourceOf(body);
  if (source instanceof Response) return source;
  return { table, existing, body, source };
}

function writeRelations(
  ctx: EmulatorContext,
  caller: Caller,
  sysId: string,
  relations: readonly RelationInput[],
): void {
  for (const r of relations) {
    if (r.direction === 'outbound') ensureRelation(ctx, caller, sysId, r.target, r.type);
    else ensureRelation(ctx, caller, r.target, sysId, r.type);
  }
}

/** The CI a create identifies (the class's rule: serial number, then name), if exactly one. */
function identified(ctx: EmulatorContext, table: ResolvedTable, attributes: Record<string, unknown>): Row | undefined {
  const rule = ruleFor(table);
  if (!rule) return undefined;
  for (const attrs of rule.criteria) {
    const values = criterionValues(attributes, attrs);
    const found = values ? findCis(ctx, rule, values) : [];
    if (found.length === 1) return found[0];
  }
  return undefined;
}

function list(ctx: EmulatorContext, c: Context<EmulatorEnv>, table: ResolvedTable): Response {
  if (!canRead(c.get('caller'), table)) return jsonResponse(200, '{"result":[]}');
  const plan = planQuery(ctx, c.get('caller'), table, c.req.query('sysparm_query'), []);
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number.parseInt(c.req.query('sysparm_limit') ?? '', 10) || MAX_LIMIT));
  const offset = Math.max(0, Number.parseInt(c.req.query('sysparm_offset') ?? '', 10) || 0);
  const rows = plan.empty
    ? []
    : (ctx.store
        .prepare(
          `SELECT t."sys_id" AS sys_id, t."name" AS name FROM "${table.physical}" t WHERE ${plan.selectWhere} ORDER BY ${plan.orderBy} LIMIT ${limit} OFFSET ${offset}`,
        )
        .all(...plan.params) as { sys_id: string; name: string }[]);
  return jsonResponse(200, JSON.stringify({ result: rows.map((r) => ({ sys_id: r.sys_id, name: r.name })) }));
}

function registerReads(app: Hono<EmulatorEnv>, ctx: EmulatorContext, prefix: string): void {
  app.get(`${prefix}/:className`, (c) => {
    const table = classOf(ctx, c.req.param('className'));
    return table instanceof Response ? table : list(ctx, c, table);
  });
  app.get(`${prefix}/:className/:sysId`, (c) => {
    const table = classOf(ctx, c.req.param('className'));
    if (table instanceof Response) return table;
    const row = canRead(c.get('caller'), table) ? findRecord(ctx, table, c.req.param('sysId')) : undefined;
    if (!row) return notFound();
    return jsonResponse(200, JSON.stringify({ result: ciView(ctx, table, row, origin(c)) }));
  });
}

function registerWrites(app: Hono<EmulatorEnv>, ctx: EmulatorContext, prefix: string): void {
  app.post(`${prefix}/:className`, async (c) => {
    const table = classOf(ctx, c.req.param('className'));
    if (table instanceof Response) return table;
    if (!canWrite(c.get('caller'), table)) return denied('Insert');
    const body = await readJsonObject(c.req.raw);
    if (body instanceof Response) return body;
    const source = sourceOf(body);
    if (source instanceof Response) return source;
    const attributes = attributesOf(body, true);
    if (attributes instanceof Response) return attributes;
    const relations = relationsOf(ctx, body);
    if (relations instanceof Response) return relations;
    const row = ctx.db.transaction(() => {
      const plan = planCiWrite(ctx, table, identified(ctx, table, attributes), attributes);
      const written = commitCiWrite(ctx, c.get('caller'), plan, source);
      writeRelations(ctx, c.get('caller'), written.sys_id ?? '', relations);
      return written;
    })();
    return jsonResponse(200, JSON.stringify({ result: ciView(ctx, table, row, origin(c)) }));
  });
  const update = async (c: Context<EmulatorEnv>): Promise<Response> => {
    const write = await ciWrite(ctx, c, 'Update');
    if (write instanceof Response) return write;
    const { table, existing, body, source } = write;
    const attributes = attributesOf(body, true);
    if (attributes instanceof Response) return attributes;
    const plan = planCiWrite(ctx, ctx.schema.table(existing.sys_class_name ?? '') ?? table, existing, attributes);
    const row = commitCiWrite(ctx, c.get('caller'), plan, source);
    return jsonResponse(200, JSON.stringify({ result: ciView(ctx, table, row, origin(c)) }));
  };
  app.put(`${prefix}/:className/:sysId`, update);
  app.patch(`${prefix}/:className/:sysId`, update);
  app.post(`${prefix}/:className/:sysId/relation`, async (c) => {
    const write = await ciWrite(ctx, c, 'Insert');
    if (write instanceof Response) return write;
    const { table, existing, body } = write;
    const relations = relationsOf(ctx, body);
    if (relations instanceof Response) return relations;
    if (relations.length === 0) {
      return errorResponse(400, 'Invalid input payload', 'Give inbound_relations and/or outbound_relations to add');
    }
    ctx.db.transaction(() => writeRelations(ctx, c.get('caller'), existing.sys_id ?? '', relations))();
    return jsonResponse(200, JSON.stringify({ result: ciView(ctx, table, existing, origin(c)) }));
  });
  app.delete(`${prefix}/:className/:sysId/relation/:relId`, (c) => {
    const table = classOf(ctx, c.req.param('className'));
    if (table instanceof Response) return table;
    if (!canWrite(c.get('caller'), table)) return denied('Delete');
    const ci = findRecord(ctx, table, c.req.param('sysId'));
    const rel = ctx.store.byId('cmdb_rel_ci', c.req.param('relId'));
    if (!ci || !rel || (rel.parent !== ci.sys_id && rel.child !== ci.sys_id)) return notFound();
    ctx.store.delete('cmdb_rel_ci', rel.sys_id ?? '');
    return new Response(null, { status: 200, headers: { Server: 'ServiceNow' } });
  });
}

/**
 * The CMDB Instance API (reference §3.1, [CMDB]): list CIs of a class, read one with its relations,
 * create (through identification, so a known CI is updated rather than duplicated), update, and add or
 * delete relations. Every success is 200.
 */
export function registerCmdbInstanceRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  addSeedHook(ctx, ensureRelationTypes);
  for (const prefix of PREFIXES) {
    app.use(`${prefix}/*`, jsonOnly);
    registerReads(app, ctx, prefix);
    registerWrites(app, ctx, prefix);
  }
}
