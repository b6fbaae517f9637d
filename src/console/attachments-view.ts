import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { ServiceNowClient } from '../lib/client.js';
import type { ConnectionProfile } from '../lib/config/connections.js';
import { backQuery, backSuffix } from './back-link.js';
import { openClient, withClient } from './client-factory.js';
import type { ConsoleContext } from './context.js';
import { CONSOLE_UPLOAD_LIMIT_BYTES, type AttachmentsView } from './pages/attachments-section.js';

/** The record whose attachments change, and the Operations query its page was opened from (`?back=`). */
export interface AttachmentTarget {
  readonly profile: ConnectionProfile;
  readonly table: string;
  readonly sysId: string;
  readonly back: string | undefined;
}

/** After an upload or delete: the record page to go back to (with its one-time notice), or why it failed. */
export type AttachmentChange =
  { readonly ok: true; readonly redirect: string } | { readonly ok: false; readonly error: string };

/** A file the page script streams: the body as it comes, its name from the X-File-Name header. */
export interface StreamedFile {
  readonly fileName: string | undefined;
  readonly contentType: string | undefined;
  readonly body: ReadableStream<Uint8Array> | null;
  /** The Content-Length, when the browser sent a usable one. */
  readonly size: number | undefined;
}

/** What the instance is sent for one upload. */
interface UploadFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: Readable;
  readonly size?: number;
}

/** A download to stream to the browser, with its headers; or why the instance refused it. */
export type AttachmentDownload =
  | { readonly ok: true; readonly stream: Readable; readonly headers: Record<string, string> }
  | { readonly ok: false; readonly error: string };

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

/**
 * The record page to return to after an upload or delete, with a one-time notice and the Operations query the
 * page was opened from (`?back=`, see back-link.ts), so "Back to <table>" still keeps the conditions.
 */
function recordPageWith(target: AttachmentTarget, notice: string): string {
  const { profile, table, sysId } = target;
  const path = `/connections/${encodeURIComponent(profile.name)}/tables/${encodeURIComponent(table)}/records/${encodeURIComponent(sysId)}`;
  return `${path}?notice=${notice}${backSuffix(backQuery(target.back, table), '&')}`;
}

const backTo = (target: AttachmentTarget, notice: string): AttachmentChange => ({
  ok: true,
  redirect: recordPageWith(target, notice),
});

/** Sends one file to the instance, attached to the record. */
async function upload(ctx: ConsoleContext, target: AttachmentTarget, file: UploadFile): Promise<AttachmentChange> {
  const { profile, table, sysId } = target;
  return withClient(ctx, profile, async (sn) => {
    try {
      await sn.attachments.upload({ tableName: table, tableSysId: sysId, ...file });
      ctx.logger.info(`console: attached ${file.fileName} to ${table} ${sysId} on ${profile.name}`);
      return backTo(target, 'attached');
    } catch (error) {
      return { ok: false, error: ctx.describeError(error) };
    }
  });
}

/** The upload form's file (multipart, without the page script): a missing or too large file is a notice. */
export async function uploadFormFile(
  ctx: ConsoleContext,
  target: AttachmentTarget,
  file: unknown,
): Promise<AttachmentChange> {
  if (!(file instanceof File) || file.name === '') return backTo(target, 'attachment-missing');
  if (file.size > CONSOLE_UPLOAD_LIMIT_BYTES) return backTo(target, 'attachment-too-large');
  return upload(ctx, target, {
    fileName: file.name,
    contentType: file.type || 'application/octet-stream',
    body: Readable.fromWeb(file.stream() as NodeReadableStream<Uint8Array>),
    size: file.size,
  });
}

/** The page script's upload: the body is the file, streamed from the browser through the console to the instance. */
export async function uploadStreamedFile(
  ctx: ConsoleContext,
  target: AttachmentTarget,
  file: StreamedFile,
): Promise<AttachmentChange> {
  const { fileName, body } = file;
  if (fileName === undefined || fileName.trim() === '' || !body) {
    return { ok: false, error: 'Choose a file to upload first.' };
  }
  return upload(ctx, target, {
    fileName,
    contentType: file.contentType || 'application/octet-stream',
    body: Readable.fromWeb(body as NodeReadableStream<Uint8Array>),
    ...(file.size === undefined ? {} : { size: file.size }),
  });
}

/** Deletes one attachment of the record. */
export async function deleteAttachment(
  ctx: ConsoleContext,
  target: AttachmentTarget,
  attachmentId: string,
): Promise<AttachmentChange> {
  return withClient(ctx, target.profile, async (sn) => {
    try {
      await sn.attachments.delete(attachmentId);
      return backTo(target, 'attachment-deleted');
    } catch (error) {
      return { ok: false, error: ctx.describeError(error) };
    }
  });
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

/** Always a download (never rendered), so a file can never show as a console page. */
function downloadHeaders(metadata: { fileName: string; sizeBytes: number }): Record<string, string> {
  return {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': contentDisposition(metadata.fileName),
    ...(Number.isFinite(metadata.sizeBytes) ? { 'Content-Length': String(metadata.sizeBytes) } : {}),
  };
}

/**
 * Opens one attachment's bytes from the instance. The client's pool stays open until the bytes are through (or the
 * browser went away), so the stream must be consumed or destroyed.
 */
export async function openAttachmentDownload(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  attachmentId: string,
): Promise<AttachmentDownload> {
  const sn = await openClient(ctx, profile);
  try {
    const download = await sn.attachments.download(attachmentId);
    const headers = downloadHeaders(download.metadata);
    download.stream.once('close', () => void sn.close());
    return { ok: true, stream: download.stream, headers };
  } catch (error) {
    await sn.close();
    return { ok: false, error: ctx.describeError(error) };
  }
}
