import type { Context, Hono } from 'hono';
import { ensureChunkTable } from '../attachment/chunk-store.js';
import type { EmulatorContext } from '../context.js';
import { errorResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { deleteAttachment, downloadAttachment, getAttachment, listAttachments } from './attachment-read.js';
import { uploadMultipart, uploadRaw } from './attachment-upload.js';

const ROUTE = /^\/api\/now\/(?:(v1)\/)?attachment(?:\/([^/]+)(?:\/(file))?)?\/?$/;

/** A path segment decoded, or undefined when its percent-encoding is malformed (never a throw, so never a 500). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

const notAllowed = (method: string, allow: string): Response =>
  errorResponse(405, 'Method not Supported', `HTTP method ${method} is not supported for this resource`, {
    Allow: allow,
  });

async function handleAttachment(ctx: EmulatorContext, c: Context<EmulatorEnv>): Promise<Response> {
  const url = new URL(c.req.url);
  const match = ROUTE.exec(url.pathname);
  if (!match) return errorResponse(400, 'Requested URI does not represent any resource', null);
  const [, version, rawId, file] = match;
  const method = c.req.method.toUpperCase();
  const attachmentBase = `${url.origin}/api/now/${version === undefined ? '' : `${version}/`}attachment/`;
  const caller = c.get('caller');
  const read = { ctx, caller, url, attachmentBase };
  const upload = { ctx, caller, request: c.req.raw, search: url.searchParams, attachmentBase };
  if (rawId === undefined) return method === 'GET' ? listAttachments(read) : notAllowed(method, 'GET');
  const id = decodeSegment(rawId);
  if (id === undefined)
    return errorResponse(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
  if (file === undefined && (id === 'file' || id === 'upload')) {
    if (method !== 'POST') return notAllowed(method, 'POST');
    return id === 'file' ? uploadRaw(upload) : uploadMultipart(upload);
  }
  if (file !== undefined) {
    return method === 'GET' || method === 'HEAD' ? downloadAttachment(read, id, method) : notAllowed(method, 'GET');
  }
  if (method === 'GET') return getAttachment(read, id);
  if (method === 'DELETE') return deleteAttachment(read, id);
  return notAllowed(method, 'GET, DELETE');
}

/**
 * The Attachment API (reference §6) under /api/now/attachment and /api/now/v1/attachment (PySNC). Register
 * before the Table API catch-all. The chunk table is created here and emptied on every reseed.
 */
export function registerAttachmentRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  ensureChunkTable(ctx.db);
  ctx.seedHooks.push((seeded) => seeded.db.exec(`DELETE FROM "sys_attachment_doc"`));
  for (const base of ['/api/now/attachment', '/api/now/v1/attachment']) {
    app.all(base, (c) => handleAttachment(ctx, c));
    app.all(`${base}/*`, (c) => handleAttachment(ctx, c));
  }
}
