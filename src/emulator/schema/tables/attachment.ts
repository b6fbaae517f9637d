import type { TableDef } from '../types.js';
import { ITIL_READS } from './access.js';
import { int, str, table } from './field-builders.js';

/**
 * sys_attachment: one row per attachment (reference §6 Attachment). The bytes live outside the schema in
 * the sys_attachment_doc chunk table (src/emulator/attachment/chunk-store.ts). Through the Table API the
 * metadata is readable by task readers and writable by admin only; the Attachment API applies the ACLs of
 * the record each attachment belongs to.
 */
export const ATTACHMENT_TABLES: readonly TableDef[] = [
  table('sys_attachment', 'Attachment', ITIL_READS, [
    str('table_name', 'Table name', 100),
    str('table_sys_id', 'Table sys ID', 32),
    str('file_name', 'File name', { maxLength: 100, display: true }),
    str('content_type', 'Content type', 100),
    int('size_bytes', 'Size bytes'),
    int('size_compressed', 'Size compressed'),
    str('compressed', 'Compressed', { maxLength: 5, defaultValue: 'false' }),
    int('chunk_size_bytes', 'Chunk size bytes'),
    str('hash', 'Hash', 64),
    str('state', 'State', { maxLength: 40, defaultValue: 'available' }),
    int('image_height', 'Image height'),
    int('image_width', 'Image width'),
    str('average_image_color', 'Average image color', 7),
  ]),
];
