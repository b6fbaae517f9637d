import { canRead, canWrite } from '../auth/acl.js';
import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { errorResponse } from '../http/envelope.js';
import type { ResolvedTable } from '../schema/types.js';
import { findRecord } from '../table/record-ops.js';

/** The record an upload attaches to. */
export interface AttachmentTarget {
  readonly table: ResolvedTable;
  readonly sysId: string;
}

/**
 * Checks an upload's table_name / table_sys_id: both present (400), the table known (400), the caller
 * allowed to write it (403) and the record there and readable (404). Returns the target or the error answer.
 */
export function resolveTarget(
  ctx: EmulatorContext,
  caller: Caller,
  tableName: string | undefined,
  tableSysId: string | undefined,
): AttachmentTarget | Response {
  for (const [name, value] of [
    ['table_name', tableName],
    ['table_sys_id', tableSysId],
  ] as const) {
    if (value === undefined || value.trim() === '')
      return errorResponse(400, `Missing parameter: ${name}`, `Send ${name} to name the record to attach to`);
  }
  const table = ctx.schema.table((tableName ?? '').trim());
  if (!table) return errorResponse(400, `Invalid table ${tableName ?? ''}`, 'table_name must name an existing table');
  const sysId = (tableSysId ?? '').trim();
  if (!canRead(caller, table) || !findRecord(ctx, table, sysId)) {
    return errorResponse(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
  }
  if (!canWrite(caller, table))
    return errorResponse(403, 'Operation Failed', 'ACL Exception Insert Failed due to security constraints');
  return { table, sysId };
}
