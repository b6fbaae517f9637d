import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { newRowDefaults } from '../store/defaults.js';
import type { Row } from '../store/store.js';
import { CHUNK_BYTES, type WrittenFile } from './chunk-store.js';
import type { AttachmentTarget } from './target.js';

/** The file's name and type as the upload gave them. */
export interface UploadedFile {
  readonly fileName: string;
  readonly contentType: string;
}

/** Inserts the sys_attachment row once every chunk is stored, which makes the attachment visible. */
export function saveAttachmentRow(
  ctx: EmulatorContext,
  caller: Caller,
  id: string,
  target: AttachmentTarget,
  file: UploadedFile,
  written: WrittenFile,
): Row {
  const table = ctx.schema.table('sys_attachment');
  if (!table) throw new Error('sys_attachment is missing from the schema');
  const row: Row = {
    ...newRowDefaults(table, id, caller.userName, ctx.clock()),
    table_name: target.table.name,
    table_sys_id: target.sysId,
    file_name: file.fileName,
    content_type: file.contentType,
    size_bytes: String(written.sizeBytes),
    size_compressed: String(written.sizeBytes),
    compressed: 'false',
    chunk_size_bytes: String(CHUNK_BYTES),
    hash: written.hash,
    state: 'available',
  };
  ctx.store.insert(table.physical, row);
  return row;
}
