import type { Context, Hono } from 'hono';
import { canRead, canWrite } from '../auth/acl.js';
import type { EmulatorContext } from '../context.js';
import { jsonOnly } from '../http/accept.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { readBody, tooLargeDetail } from '../http/read-body.js';
import { closeImportSet, importRow, openImportSet, resultEntry, type ImportTarget } from '../import/import-set.js';
import { transformMapsFor } from '../import/transform-maps.js';
import { findRecord } from '../table/record-ops.js';

const PREFIXES = ['/api/now/import', '/api/now/v1/import'];
const MAX_MULTIPLE = 10_000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolveTarget(ctx: EmulatorContext, name: string): ImportTarget | Response {
  const staging = ctx.schema.table(name);
  if (!staging) return errorResponse(400, `Invalid table ${name}`, null);
  const map = transformMapsFor(ctx, name)[0];
  const target = map ? ctx.schema.table(map.target) : undefined;
  if (!map || !target) {
    const known = stagingTables(ctx).join(', ');
    const isStaging = staging.chain.includes('sys_import_set_row') && staging.name !== 'sys_import_set_row';
    const detail = isStaging
      ? `${name} has no active transform map: create a sys_transform_map row with source_table=${name} and a target_table, or import into ${known}`
      : `Import into a staging table: ${known}`;
    return errorResponse(400, `${name} is not an import set table`, detail);
  }
  return { staging, map, target };
}

/** Staging tables that have an active transform map. */
function stagingTables(ctx: EmulatorContext): string[] {
  return ctx.schema
    .tables()
    .filter((t) => t.chain.includes('sys_import_set_row') && transformMapsFor(ctx, t.name).length > 0)
    .map((t) => t.name);
}

async function readJson(c: Context<EmulatorEnv>): Promise<unknown> {
  const read = await readBody(c.req.raw);
  if (!read.ok) return errorResponse(413, 'Exception while reading request', tooLargeDetail(read.tooLarge));
  try {
    return JSON.parse(read.text) as unknown;
  } catch {
    return errorResponse(400, 'Exception while reading request', 'The payload is not valid JSON.');
  }
}

const denied = (): Response =>
  errorResponse(403, 'Operation Failed', 'ACL Exception Insert Failed due to security constraints');

/**
 * The Import Set API (reference §6, [IMP]): POST /api/now/import/{staging_table} loads one row and
 * transforms it synchronously; POST …/insertMultiple loads `{"records":[…]}` and answers with the async
 * shape `{import_set_id, multi_import_set_id}` (the emulator has already transformed the rows by then);
 * GET …/{staging_table}/{sys_id} reads a staging row with its transform result.
 */
export function registerImportRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  for (const prefix of PREFIXES) {
    app.use(`${prefix}/*`, jsonOnly);
    app.post(`${prefix}/:staging/insertMultiple`, async (c) => {
      const into = resolveTarget(ctx, c.req.param('staging'));
      if (into instanceof Response) return into;
      if (!canWrite(c.get('caller'), into.staging)) return denied();
      const body = await readJson(c);
      if (body instanceof Response) return body;
      const records = isRecord(body) ? body.records : undefined;
      if (!Array.isArray(records) || !records.every(isRecord)) {
        return errorResponse(400, 'Invalid import request', 'The body must be {"records":[{…},{…}]} with objects');
      }
      if (records.length > MAX_MULTIPLE) {
        return errorResponse(400, 'Invalid import request', `At most ${MAX_MULTIPLE} records per insertMultiple call`);
      }
      const set = ctx.db.transaction(() => {
        const opened = openImportSet(ctx, c.get('caller'), into, 'asynchronous');
        records.forEach((record, i) => importRow(ctx, c.get('caller'), into, opened, i + 1, record));
        closeImportSet(ctx, opened);
        return opened;
      })();
      return jsonResponse(
        201,
        JSON.stringify({ import_set_id: set.sys_id ?? '', multi_import_set_id: set.multi_import_set_id ?? '' }),
      );
    });
    app.post(`${prefix}/:staging`, async (c) => {
      const into = resolveTarget(ctx, c.req.param('staging'));
      if (into instanceof Response) return into;
      if (!canWrite(c.get('caller'), into.staging)) return denied();
      const body = await readJson(c);
      if (body instanceof Response) return body;
      if (!isRecord(body)) {
        return errorResponse(
          400,
          'Invalid import request',
          'The body must be one JSON object of field name/value pairs',
        );
      }
      const origin = new URL(c.req.url).origin;
      const { set, row } = ctx.db.transaction(() => {
        const opened = openImportSet(ctx, c.get('caller'), into, 'synchronous');
        const stored = importRow(ctx, c.get('caller'), into, opened, 1, body);
        closeImportSet(ctx, opened);
        return { set: opened, row: stored };
      })();
      return jsonResponse(
        201,
        JSON.stringify({
          import_set: set.number ?? '',
          staging_table: into.staging.name,
          result: [resultEntry(ctx, origin, into, row)],
        }),
      );
    });
    app.get(`${prefix}/:staging/:sysId`, (c) => {
      const into = resolveTarget(ctx, c.req.param('staging'));
      if (into instanceof Response) return into;
      const row = canRead(c.get('caller'), into.staging)
        ? findRecord(ctx, into.staging, c.req.param('sysId'))
        : undefined;
      if (!row) {
        return errorResponse(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
      }
      const set = ctx.store.byId('sys_import_set', row.sys_import_set ?? '');
      return jsonResponse(
        200,
        JSON.stringify({
          import_set: set?.number ?? '',
          staging_table: into.staging.name,
          result: [resultEntry(ctx, new URL(c.req.url).origin, into, row)],
        }),
      );
    });
  }
}
