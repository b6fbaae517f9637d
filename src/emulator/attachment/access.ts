import { canRead, canWrite } from '../auth/acl.js';
import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { Row } from '../store/store.js';

/**
 * Attachment access follows the record the attachment belongs to (reference §6): reading an attachment
 * needs read access to its table, adding or deleting one needs write access.
 */
export function canReadAttachment(ctx: EmulatorContext, caller: Caller, row: Row): boolean {
  const table = ctx.schema.table(row.table_name ?? '');
  return table !== undefined && canRead(caller, table);
}

export function canWriteAttachment(ctx: EmulatorContext, caller: Caller, row: Row): boolean {
  const table = ctx.schema.table(row.table_name ?? '');
  return table !== undefined && canWrite(caller, table);
}

/** Names of the tables whose attachments the caller may list; undefined means every table (admin). */
export function readableTables(ctx: EmulatorContext, caller: Caller): string[] | undefined {
  if (caller.roles.has('admin')) return undefined;
  return ctx.schema
    .tables()
    .filter((t) => canRead(caller, t))
    .map((t) => t.name);
}
