import type { Context } from 'hono';
import { canRead, canWrite, readDenialIsForbidden } from '../auth/acl.js';
import type { EmulatorContext } from '../context.js';
import { notAcceptable } from '../http/accept.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { parseJsonObject } from '../http/json-body.js';
import { readBody, tooLargeDetail } from '../http/read-body.js';
import { abortedWriteResponse, BusinessRuleAbort } from '../rules/business-rules.js';
import { applyBody } from '../table/apply-body.js';
import { listRecords } from '../table/list.js';
import { parseTableParams } from '../table/params.js';
import { createRecord, deleteRecord, findRecord, updateRecord } from '../table/record-ops.js';
import { createSerializer } from '../table/serializer.js';
import type { TableRequest } from '../table/table-request.js';
import { suppliedSysId } from '../store/ids.js';

const ROUTE = /^\/api\/now\/(?:(v1|v2)\/)?table\/([^/]+)(?:\/([^/]+))?\/?$/;
const COLLECTION_VERBS = ['GET', 'HEAD', 'POST'];
const RECORD_VERBS = ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'];

const notFound = (): Response =>
  errorResponse(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
const aclDenied = (op: 'Insert' | 'Update' | 'Delete'): Response =>
  errorResponse(403, 'Operation Failed', `ACL Exception ${op} Failed due to security constraints`);

/** decodeURIComponent without the throw: a malformed escape (`%`, `%E0%A4%A`) is kept as sent. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Runs `task` once the response is flushed to the socket, so work done ahead never delays the bytes of the
 * response itself; without Node objects (app.fetch in tests) it runs on the next turn of the event loop.
 */
function afterResponse(c: Context<EmulatorEnv>, task: () => void): void {
  const outgoing = (c.env as Partial<EmulatorEnv['Bindings']> | undefined)?.outgoing;
  if (outgoing) outgoing.once('finish', () => setImmediate(task));
  else setImmediate(task);
}

/**
 * The Table API (reference §1): /api/now[/v1|/v2]/table/{table}[/{sys_id}]. Returns undefined when the
 * path is not a Table API path.
 */
export async function handleTable(ctx: EmulatorContext, c: Context<EmulatorEnv>): Promise<Response | undefined> {
  const url = new URL(c.req.url);
  const match = ROUTE.exec(url.pathname);
  if (!match) return undefined;
  const [, version = '', tableName = '', sysId] = match;
  const override = c.req.header('x-http-method-override')?.trim().toUpperCase();
  const method = override !== undefined && override !== '' ? override : c.req.method.toUpperCase();
  const allowed = sysId === undefined ? COLLECTION_VERBS : RECORD_VERBS;
  if (!allowed.includes(method)) {
    return errorResponse(405, 'Method not Supported', `HTTP method ${method} is not supported for this resource`, {
      Allow: allowed.join(', '),
    });
  }
  const refused = notAcceptable(c.req.header('accept'));
  if (refused) return refused;
  const table = ctx.schema.table(decodeSegment(tableName));
  if (!table) return errorResponse(400, `Invalid table ${decodeSegment(tableName)}`, null);

  let body: Record<string, unknown> = {};
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const read = await readBody(c.req.raw);
    if (!read.ok) return errorResponse(413, 'Exception while reading request', tooLargeDetail(read.tooLarge));
    const type = c.req.header('content-type');
    if (read.text.trim() !== '' && type !== undefined && type.trim() !== '' && !type.toLowerCase().includes('json')) {
      return errorResponse(
        415,
        'Unsupported Media Type',
        `Content-Type ${type} is not supported; send application/json`,
      );
    }
    const parsed = parseJsonObject(read.text, { firstOfArray: true });
    if (typeof parsed === 'string') return errorResponse(400, 'Exception while reading request', parsed);
    body = parsed;
  }

  const origin = `${url.protocol}//${url.host}`;
  const req: TableRequest = {
    ctx,
    caller: c.get('caller'),
    table,
    params: parseTableParams(url.searchParams),
    version: version as TableRequest['version'],
    origin,
    pathname: url.pathname,
    rawQuery: url.search.slice(1),
    tableBase: `${origin}/api/now/${version === '' ? '' : `${version}/`}table/`,
    omitBody: method === 'HEAD' || c.req.header('x-no-response-body')?.trim().toLowerCase() === 'true',
    afterResponse: (task) => afterResponse(c, task),
    ...(c.get('shuffleTies') === true ? { shuffleTies: true } : {}),
  };
  if (sysId === undefined) return method === 'POST' ? refusedByRule(() => create(req, body)) : listRecords(req);
  const id = decodeSegment(sysId);
  switch (method) {
    case 'GET':
    case 'HEAD':
      return readOne(req, id);
    case 'DELETE':
      return refusedByRule(() => remove(req, id));
    default:
      return refusedByRule(() => update(req, id, body));
  }
}

/** A write a before business rule aborted answers 403 Operation Failed naming the rule (part 2 §7.3). */
function refusedByRule(write: () => Response): Response {
  try {
    return write();
  } catch (error) {
    if (error instanceof BusinessRuleAbort) return abortedWriteResponse(error);
    throw error;
  }
}

function recordResponse(
  req: TableRequest,
  status: number,
  row: Record<string, string>,
  headers: Record<string, string> = {},
): Response {
  if (req.omitBody) return jsonResponse(status, null, headers);
  const serializer = createSerializer(req.ctx, req.table, {
    ...req.params,
    tableBase: req.tableBase,
    zone: req.caller.zone,
  });
  return jsonResponse(status, `{"result":${serializer.record(row)}}`, headers);
}

function readOne(req: TableRequest, sysId: string): Response {
  if (!canRead(req.caller, req.table)) {
    return readDenialIsForbidden(req.table)
      ? errorResponse(403, 'Operation Failed', 'ACL Exception Read Failed due to security constraints')
      : notFound();
  }
  const row = findRecord(req.ctx, req.table, sysId);
  return row ? recordResponse(req, 200, row) : notFound();
}

function create(req: TableRequest, body: Record<string, unknown>): Response {
  if (!canWrite(req.caller, req.table)) return aclDenied('Insert');
  // A supplied, unused sys_id is kept on insert, as real instances do (migration and upsert tools rely on it);
  // one in use anywhere in the table's hierarchy fails like an aborted insert. Other sys_* fields are ignored.
  const sysId = suppliedSysId(body.sys_id);
  if (sysId !== undefined && req.ctx.store.byId(req.table.physical, sysId)) {
    return errorResponse(
      403,
      'Operation Failed',
      `Error during insert of ${req.table.name} (${sysId}): a record with this sys_id already exists`,
    );
  }
  const row = createRecord(
    req.ctx,
    req.table,
    applyBody(req.ctx, req.table, body, req.params.inputDisplayValue, req.caller.zone),
    req.caller,
    sysId,
  );
  return recordResponse(req, 201, row, { Location: `${req.tableBase}${req.table.name}/${row.sys_id ?? ''}` });
}

function update(req: TableRequest, sysId: string, body: Record<string, unknown>): Response {
  if (!canWrite(req.caller, req.table)) return aclDenied('Update');
  const existing = findRecord(req.ctx, req.table, sysId);
  if (!existing) return notFound();
  const row = updateRecord(
    req.ctx,
    req.table,
    existing,
    applyBody(req.ctx, req.table, body, req.params.inputDisplayValue, req.caller.zone),
    req.caller,
  );
  return recordResponse(req, 200, row);
}

function remove(req: TableRequest, sysId: string): Response {
  if (!canWrite(req.caller, req.table)) return aclDenied('Delete');
  const existing = findRecord(req.ctx, req.table, sysId);
  if (!existing) return notFound();
  deleteRecord(req.ctx, req.table, existing, req.caller);
  return new Response(null, { status: 204, headers: { Server: 'ServiceNow' } });
}
