import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import type { ConnectionProfile } from '../../lib/config/connections.js';
import {
  deleteAttachment,
  openAttachmentDownload,
  uploadFormFile,
  uploadStreamedFile,
  type AttachmentChange,
  type AttachmentTarget,
  type StreamedFile,
} from '../attachments-view.js';
import type { ConsoleContext } from '../context.js';
import { errorPage } from '../pages/error-page.js';
import { loadProfile } from './load-profile.js';

const BASE = '/connections/:name/tables/:table/records/:sysId';

/** The record named by the route, and the Operations query its page was opened from. */
function targetOf(c: Context, profile: ConnectionProfile): AttachmentTarget {
  const { table, sysId } = c.req.param() as { table: string; sysId: string };
  return { profile, table, sysId, back: c.req.query('back') };
}

/** A percent-encoded header value, or undefined when absent or malformed. */
function decodeHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The streamed upload's file: name (X-File-Name), type and length from the headers, the body as it comes. */
function streamedFileOf(c: Context): StreamedFile {
  const length = Number(c.req.header('content-length') ?? '');
  return {
    fileName: decodeHeader(c.req.header('x-file-name')),
    contentType: c.req.header('content-type'),
    body: c.req.raw.body,
    size: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
  };
}

/** Back to the record page, or an error page naming what failed (400). */
function redirectOrError(c: Context, ctx: ConsoleContext, change: AttachmentChange, failed: string): Response {
  if (change.ok) return c.redirect(change.redirect, 303);
  return c.html(errorPage(ctx, failed, change.error).toString(), 400);
}

/**
 * Attachment routes under a record: upload (multipart form with the CSRF field), download (streamed from the
 * instance through the console, always as a download so a file can never render as a console page) and
 * delete.
 */
export function registerAttachmentRoutes(app: Hono, ctx: ConsoleContext): void {
  app.post(`${BASE}/attachments`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    // The CSRF check has parsed the form already; Hono hands back the same parsed body.
    const file = (await c.req.parseBody())['file'];
    return redirectOrError(c, ctx, await uploadFormFile(ctx, targetOf(c, profile), file), 'Upload failed');
  });

  // The page script's upload: the body is the file, streamed from the browser through the console to the
  // instance. The CSRF token comes in the X-CSRF-Token header (checked by the CSRF middleware).
  app.post(`${BASE}/attachments/stream`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const change = await uploadStreamedFile(ctx, targetOf(c, profile), streamedFileOf(c));
    if (change.ok) return c.json({ ok: true, redirect: change.redirect });
    return c.json({ ok: false, message: change.error }, 400);
  });

  app.get(`${BASE}/attachments/:attachmentId`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const download = await openAttachmentDownload(ctx, profile, c.req.param('attachmentId'));
    if (!download.ok) return c.html(errorPage(ctx, 'Download failed', download.error).toString(), 404);
    const body = Readable.toWeb(download.stream) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers: download.headers });
  });

  app.post(`${BASE}/attachments/:attachmentId/delete`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const change = await deleteAttachment(ctx, targetOf(c, profile), c.req.param('attachmentId'));
    return redirectOrError(c, ctx, change, 'Delete failed');
  });
}
