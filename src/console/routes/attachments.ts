import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Context, Hono } from 'hono';
import type { ServiceNowClient } from '../../lib/client.js';
import { backQuery, backSuffix } from '../back-link.js';
import { openClient, withClient } from '../client-factory.js';
import type { ConsoleContext } from '../context.js';
import type { AttachmentsView } from '../pages/attachments-section.js';
import { CONSOLE_UPLOAD_LIMIT_BYTES } from '../pages/attachments-section.js';
import { errorPage } from '../pages/error-page.js';
import { loadProfile } from './load-profile.js';

const BASE = '/connections/:name/tables/:table/records/:sysId';

/**
 * The record page to return to after an upload or delete, with a one-time notice and the Operations query the
 * page was opened from (`?back=`, see back-link.ts), so "Back to <table>" still keeps the conditions.
 */
function recordPageWith(c: Context, notice: string): string {
  const { name, table, sysId } = c.req.param() as { name: string; table: string; sysId: string };
  const path = `/connections/${encodeURIComponent(name)}/tables/${encodeURIComponent(table)}/records/${encodeURIComponent(sysId)}`;
  return `${path}?notice=${notice}${backSuffix(backQuery(c.req.query('back'), table), '&')}`;
}

/** The record's attachments for its page; a failure is shown in the section rather than breaking the page. */
export async function recordAttachments(
  ctx: ConsoleContext,
  sn: ServiceNowClient,
  table: string,
  sysId: string,
): Promise<AttachmentsView> {
  try {
    return await sn.attachments.list({ tableName: table, tableSysId: sysId });
  } catch (error) {
    return { error: ctx.describeError(error) };
  }
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

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266), with a plain ASCII fallback. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'attachment';
  // RFC 5987 attr-char excludes ' ( ) * ! which encodeURIComponent leaves alone; a raw ' ends the value early.
  const encoded = encodeURIComponent(fileName).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
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
    const { table, sysId } = c.req.param() as { table: string; sysId: string };
    // The CSRF check has parsed the form already; Hono hands back the same parsed body.
    const file = (await c.req.parseBody())['file'];
    if (!(file instanceof File) || file.name === '') return c.redirect(recordPageWith(c, 'attachment-missing'), 303);
    if (file.size > CONSOLE_UPLOAD_LIMIT_BYTES) return c.redirect(recordPageWith(c, 'attachment-too-large'), 303);
    return withClient(ctx, profile, async (sn) => {
      try {
        await sn.attachments.upload({
          tableName: table,
          tableSysId: sysId,
          fileName: file.name,
          contentType: file.type || 'application/octet-stream',
          body: Readable.fromWeb(file.stream() as NodeReadableStream<Uint8Array>),
          size: file.size,
        });
        ctx.logger.info(`console: attached ${file.name} to ${table} ${sysId} on ${profile.name}`);
        return c.redirect(recordPageWith(c, 'attached'), 303);
      } catch (error) {
        return c.html(errorPage(ctx, 'Upload failed', ctx.describeError(error)).toString(), 400);
      }
    });
  });

  // The page script's upload: the body is the file, streamed from the browser through the console to the
  // instance. The CSRF token comes in the X-CSRF-Token header (checked by the CSRF middleware).
  app.post(`${BASE}/attachments/stream`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const { table, sysId } = c.req.param() as { table: string; sysId: string };
    const fileName = decodeHeader(c.req.header('x-file-name'));
    const body = c.req.raw.body;
    if (fileName === undefined || fileName.trim() === '' || !body)
      return c.json({ ok: false, message: 'Choose a file to upload first.' }, 400);
    const length = Number(c.req.header('content-length') ?? '');
    return withClient(ctx, profile, async (sn) => {
      try {
        await sn.attachments.upload({
          tableName: table,
          tableSysId: sysId,
          fileName,
          contentType: c.req.header('content-type') || 'application/octet-stream',
          body: Readable.fromWeb(body as NodeReadableStream<Uint8Array>),
          ...(Number.isSafeInteger(length) && length >= 0 ? { size: length } : {}),
        });
        ctx.logger.info(`console: attached ${fileName} to ${table} ${sysId} on ${profile.name}`);
        return c.json({ ok: true, redirect: recordPageWith(c, 'attached') });
      } catch (error) {
        return c.json({ ok: false, message: ctx.describeError(error) }, 400);
      }
    });
  });

  app.get(`${BASE}/attachments/:attachmentId`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const sn = await openClient(ctx, profile);
    let stream: Readable;
    let headers: Record<string, string>;
    try {
      const download = await sn.attachments.download(c.req.param('attachmentId'));
      stream = download.stream;
      headers = {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': contentDisposition(download.metadata.fileName),
        ...(Number.isFinite(download.metadata.sizeBytes)
          ? { 'Content-Length': String(download.metadata.sizeBytes) }
          : {}),
      };
    } catch (error) {
      await sn.close();
      return c.html(errorPage(ctx, 'Download failed', ctx.describeError(error)).toString(), 404);
    }
    // The client's pool stays open until the bytes are through (or the browser went away).
    stream.once('close', () => void sn.close());
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: 200, headers });
  });

  app.post(`${BASE}/attachments/:attachmentId/delete`, async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    return withClient(ctx, profile, async (sn) => {
      try {
        await sn.attachments.delete(c.req.param('attachmentId'));
        return c.redirect(recordPageWith(c, 'attachment-deleted'), 303);
      } catch (error) {
        return c.html(errorPage(ctx, 'Delete failed', ctx.describeError(error)).toString(), 400);
      }
    });
  });
}
