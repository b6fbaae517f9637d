import { canReadAttachment, canWriteAttachment, readableTables } from '../attachment/access.js';
import { deleteChunks, readChunks } from '../attachment/chunk-store.js';
import { attachmentMetadata } from '../attachment/metadata.js';
import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { baseHeaders, errorResponse, jsonResponse } from '../http/envelope.js';
import type { Row } from '../store/store.js';
import { buildLinkHeader } from '../table/link-header.js';
import { parseTableParams } from '../table/params.js';
import { planQuery } from '../table/query-plan.js';

/** The Attachment API's default page size (reference §1.3). */
const DEFAULT_ATTACHMENT_LIMIT = 1000;

/** What the read handlers need from the request. */
export interface ReadRequest {
  readonly ctx: EmulatorContext;
  readonly caller: Caller;
  readonly url: URL;
  /** `${origin}/api/now/[v1/]attachment/` */
  readonly attachmentBase: string;
}

const notFound = (): Response =>
  errorResponse(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");

/** The attachment row when it exists and the caller may read the record it belongs to. */
function readable(req: ReadRequest, id: string): Row | undefined {
  const row = req.ctx.store.byId('sys_attachment', id);
  return row && canReadAttachment(req.ctx, req.caller, row) ? row : undefined;
}

/**
 * GET /attachment: sysparm_query (or name=value pairs) over sys_attachment, default limit 1000, offset;
 * attachments of records on tables the caller cannot read are left out, as unreadable rows are on lists.
 */
export function listAttachments(req: ReadRequest): Response {
  const { ctx } = req;
  const table = ctx.schema.table('sys_attachment');
  if (!table) return errorResponse(400, 'Invalid table sys_attachment', null);
  const search = req.url.searchParams;
  const params = parseTableParams(search);
  const limit = (search.get('sysparm_limit') ?? '').trim() === '' ? DEFAULT_ATTACHMENT_LIMIT : params.limit;
  const plan = planQuery(ctx, req.caller, table, params.query, params.filters);
  const tables = readableTables(ctx, req.caller);
  const where = [plan.selectWhere];
  const args: unknown[] = [...plan.params];
  if (tables !== undefined) {
    where.push(tables.length === 0 ? '0' : `t."table_name" IN (${tables.map(() => '?').join(',')})`);
    args.push(...tables);
  }
  const filter = where.join(' AND ');
  const rows = plan.empty
    ? []
    : (ctx.store
        .prepare(`SELECT * FROM "sys_attachment" t WHERE ${filter} ORDER BY ${plan.orderBy} LIMIT ? OFFSET ?`)
        .all(...args, limit, params.offset) as Row[]);
  const total = plan.empty
    ? 0
    : (ctx.store.prepare(`SELECT count(*) AS n FROM "sys_attachment" t WHERE ${filter}`).get(...args) as { n: number })
        .n;
  const headers: Record<string, string> = { 'X-Total-Count': String(total) };
  const link = buildLinkHeader({
    origin: req.url.origin,
    pathname: req.url.pathname,
    rawQuery: req.url.search.slice(1),
    offset: params.offset,
    limit,
    total,
    pageRows: rows.length,
  });
  if (link !== undefined && !params.suppressPaginationHeader) headers.Link = link;
  const result = rows.map((row) => attachmentMetadata(row, req.attachmentBase));
  return jsonResponse(200, JSON.stringify({ result }), headers);
}

/** GET /attachment/{id}: the metadata. */
export function getAttachment(req: ReadRequest, id: string): Response {
  const row = readable(req, id);
  if (!row) return notFound();
  return jsonResponse(200, JSON.stringify({ result: attachmentMetadata(row, req.attachmentBase) }));
}

/**
 * GET /attachment/{id}/file: the bytes, streamed chunk by chunk, with the metadata JSON in
 * X-Attachment-Metadata (reference §6).
 */
export function downloadAttachment(req: ReadRequest, id: string, method: string): Response {
  const row = readable(req, id);
  if (!row) return notFound();
  const headers: Record<string, string> = {
    ...baseHeaders(),
    'Content-Type': row.content_type || 'application/octet-stream',
    'Content-Length': row.size_bytes || '0',
    'X-Attachment-Metadata': metadataHeader(attachmentMetadata(row, req.attachmentBase)),
  };
  if (method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(readChunks(req.ctx.db, id), { status: 200, headers });
}

/**
 * The metadata JSON for the header. ServiceNow sends it as raw UTF-8; Node writes this header's text as UTF-8 too,
 * but refuses characters above U+00FF in a header, which made a download of e.g. "日本.txt" fail. Those are sent
 * as JSON \u escapes instead: the same JSON once parsed (a difference from the instance, which sends the bytes).
 */
function metadataHeader(metadata: unknown): string {
  return JSON.stringify(metadata).replace(
    /[\u0100-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** DELETE /attachment/{id}: needs write access to the record's table; 204. */
export function deleteAttachment(req: ReadRequest, id: string): Response {
  const row = readable(req, id);
  if (!row) return notFound();
  if (!canWriteAttachment(req.ctx, req.caller, row))
    return errorResponse(403, 'Operation Failed', 'ACL Exception Delete Failed due to security constraints');
  req.ctx.db.transaction(() => {
    req.ctx.store.delete('sys_attachment', id);
    deleteChunks(req.ctx.db, id);
  })();
  return new Response(null, { status: 204, headers: { Server: 'ServiceNow' } });
}
