import type { Hono } from 'hono';
import { canWrite } from '../auth/acl.js';
import { DISCOVERY_SOURCES } from '../cmdb/ci-classes.js';
import { reconcileItems, type IreError, type ItemResult } from '../cmdb/reconcile-items.js';
import { reconcileRelations } from '../cmdb/reconcile-relations.js';
import type { EmulatorContext } from '../context.js';
import { notAcceptable } from '../http/accept.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { isJsonObject, readJsonObject, type JsonObject } from '../http/json-body.js';

const PREFIXES = ['/api/now/identifyreconcile', '/api/now/v1/identifyreconcile'];
const VARIANTS = [
  { path: '', dryRun: false, enhanced: false },
  { path: '/query', dryRun: true, enhanced: false },
  { path: '/enhanced', dryRun: false, enhanced: true },
  { path: '/queryEnhanced', dryRun: true, enhanced: true },
] as const;

/** Enhanced IRE `options` (`key:true,key:false`); a malformed chunk is the 500 the reference records. */
function parseOptions(raw: string | undefined): Record<string, boolean> | Response {
  const out: Record<string, boolean> = {};
  for (const chunk of (raw ?? '').split(',').filter((c) => c.trim() !== '')) {
    const m = /^\s*(\w+):(true|false)\s*$/.exec(chunk);
    if (!m?.[1])
      return errorResponse(
        500,
        `Chunk [${chunk}] is not a valid entry`,
        'options must be key:true|false pairs separated by commas',
      );
    out[m[1]] = m[2] === 'true';
  }
  return out;
}

/** Checks the payload's structure; anything else is reported per item. */
function payloadOf(body: JsonObject): { items: JsonObject[]; relations: JsonObject[] } | Response {
  const bad = (detail: string): Response => errorResponse(400, 'Invalid input payload', detail);
  if (!Array.isArray(body.items) || body.items.length === 0)
    return bad('The payload needs "items": a non-empty array of CI objects');
  if (!body.items.every(isJsonObject))
    return bad('Every element of "items" must be an object with className and values');
  const relations = body.relations ?? [];
  if (!Array.isArray(relations) || !relations.every(isJsonObject))
    return bad('"relations" must be an array of objects');
  return { items: body.items, relations };
}

function summaryOf(items: readonly ItemResult[]): Record<string, Record<string, number>> {
  const summary: Record<string, Record<string, number>> = {};
  for (const item of items) {
    const s = (summary[item.className] ??= {
      inserted: 0,
      updated: 0,
      unchanged: 0,
      partial: 0,
      incomplete: 0,
      skipped: 0,
      errors: 0,
      warnings: 0,
      mergedPartialPayloads: 0,
      additionalInserted: 0,
    });
    if (item.errorCount > 0) s.errors = (s.errors ?? 0) + 1;
    else if (item.operation === 'INSERT') s.inserted = (s.inserted ?? 0) + 1;
    else if (item.operation === 'NO_CHANGE') s.unchanged = (s.unchanged ?? 0) + 1;
    else s.updated = (s.updated ?? 0) + 1;
  }
  return summary;
}

/**
 * The Identification and Reconciliation API (reference §3.2, [IRE]): POST a payload of CIs; each is
 * identified by its class's rule (serial number, then name) and inserted, updated or left unchanged.
 * Answers 200 with per-item errors; `/query` and `/queryEnhanced` identify without writing.
 */
export function registerIdentifyReconcileRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  for (const prefix of PREFIXES) {
    for (const variant of VARIANTS) {
      app.post(`${prefix}${variant.path}`, async (c) => {
        const refused = notAcceptable(c.req.header('accept'));
        if (refused) return refused;
        const caller = c.get('caller');
        const cmdbCi = ctx.schema.table('cmdb_ci');
        if (!variant.dryRun && cmdbCi && !canWrite(caller, cmdbCi)) {
          return errorResponse(403, 'Operation Failed', 'ACL Exception Insert Failed due to security constraints');
        }
        const options = variant.enhanced ? parseOptions(c.req.query('options')) : {};
        if (options instanceof Response) return options;
        const body = await readJsonObject(c.req.raw);
        if (body instanceof Response) return body;
        const payload = payloadOf(body);
        if (payload instanceof Response) return payload;
        const source = c.req.query('sysparm_data_source');
        const sourceError: IreError | undefined =
          source !== undefined && !DISCOVERY_SOURCES.includes(source)
            ? {
                error: 'INVALID_INPUT_DATA',
                message: `Invalid data source [${source}]; use one of ${DISCOVERY_SOURCES.join(', ')}`,
              }
            : undefined;
        // One transaction: per-item errors are decided before writing, and a crash rolls the payload back.
        const result = ctx.db.transaction(() => {
          const items = reconcileItems(ctx, caller, payload.items, { dryRun: variant.dryRun, source, sourceError });
          const relations = reconcileRelations(ctx, caller, items, payload.relations, variant.dryRun);
          return { items, relations };
        })();
        const items = result.items.map(({ internalId: _internal, ...wire }) => wire);
        const out: Record<string, unknown> = {
          items,
          relations: result.relations,
          additionalCommittedItems: [],
          additionalCommittedRelations: [],
        };
        if (options.generate_summary === true) {
          out.hasError = result.items.some((i) => i.errorCount > 0) || result.relations.some((r) => r.errorCount > 0);
          out.hasWarning = false;
          out.summary = summaryOf(result.items);
        }
        return jsonResponse(200, JSON.stringify({ result: out }));
      });
    }
  }
}
