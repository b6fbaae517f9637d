import type { Row } from '../store/store.js';

/** The metadata fields the Attachment API returns, in ServiceNow's order (reference §6). */
const FIELDS = [
  'size_bytes',
  'file_name',
  'sys_mod_count',
  'average_image_color',
  'image_width',
  'sys_updated_on',
  'sys_tags',
  'table_name',
  'sys_id',
  'image_height',
  'sys_updated_by',
  'content_type',
  'sys_created_on',
  'size_compressed',
  'compressed',
  'state',
  'table_sys_id',
  'chunk_size_bytes',
  'hash',
  'sys_created_by',
] as const;

/**
 * An attachment's metadata object: every value a string, plus `download_link`, which repeats the request's
 * API version segment as Table API links do (`…/api/now/[v1/]attachment/<id>/file`).
 */
export function attachmentMetadata(row: Row, attachmentBase: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of FIELDS) {
    out[field] = row[field] ?? '';
    if (field === 'table_sys_id') out.download_link = `${attachmentBase}${row.sys_id ?? ''}/file`;
  }
  return out;
}
