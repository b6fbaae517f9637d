import { ResponseError } from '../errors/response-error.js';

/** An attachment's metadata, mapped from the Attachment API's sys_attachment fields. */
export interface AttachmentMetadata {
  readonly sysId: string;
  /** Table of the record the file is attached to (`table_name`). */
  readonly tableName: string;
  /** sys_id of that record (`table_sys_id`). */
  readonly tableSysId: string;
  readonly fileName: string;
  readonly contentType: string;
  /** Size in bytes (`size_bytes`); NaN if the instance sent no number. */
  readonly sizeBytes: number;
  /** `download_link`: the absolute URL of the content. */
  readonly downloadLink: string;
  /** Content hash as the instance reports it (`hash`), '' when it sends none. */
  readonly hash: string;
  readonly createdOn: string;
  readonly createdBy: string;
  readonly updatedOn: string;
  /** Every field as ServiceNow sent it, names verbatim. */
  readonly raw: Readonly<Record<string, string>>;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);

/** Maps one metadata object of the wire format (§6) to {@link AttachmentMetadata}. */
export function toAttachmentMetadata(value: unknown): AttachmentMetadata {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ResponseError('The attachment metadata is not a JSON object');
  }
  const raw: Record<string, string> = {};
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) raw[name] = text(field);
  const size = (raw.size_bytes ?? '').trim();
  return {
    sysId: raw.sys_id ?? '',
    tableName: raw.table_name ?? '',
    tableSysId: raw.table_sys_id ?? '',
    fileName: raw.file_name ?? '',
    contentType: raw.content_type ?? '',
    sizeBytes: size === '' ? Number.NaN : Number(size),
    downloadLink: raw.download_link ?? '',
    hash: raw.hash ?? '',
    createdOn: raw.sys_created_on ?? '',
    createdBy: raw.sys_created_by ?? '',
    updatedOn: raw.sys_updated_on ?? '',
    raw,
  };
}

/** The `result` member of a JSON answer, or a ResponseError naming what was expected. */
export function resultOf(body: unknown, what: string): unknown {
  if (typeof body !== 'object' || body === null || !('result' in body)) {
    throw new ResponseError(`The ${what} response has no "result" member`);
  }
  return body.result;
}

/**
 * The text of a header that carries raw UTF-8, as ServiceNow sends X-Attachment-Metadata. Fetch (undici) reads
 * header bytes as Latin-1, so "é" arrives as "Ã©"; the bytes are re-read as UTF-8. A value that is not valid
 * UTF-8 (a real Latin-1 header) or already holds characters above U+00FF is returned as it is.
 */
export function utf8HeaderText(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x80-\xff]/.test(value) || /[^\x00-\xff]/.test(value)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}
