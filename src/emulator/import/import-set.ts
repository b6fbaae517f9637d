import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import { fixedId, randomId } from '../store/ids.js';
import type { Row } from '../store/store.js';
import { applyBody } from '../table/apply-body.js';
import { createRecord, findRecord } from '../table/record-ops.js';
import type { TransformMap } from './transform-maps.js';
import { transformRow } from './transform-row.js';

/** Where one import request goes: the staging table, its transform map and the target table. */
export interface ImportTarget {
  readonly staging: ResolvedTable;
  readonly map: TransformMap;
  readonly target: ResolvedTable;
}

/** First import set number, as for other API-created records (reference §7: new records from 0010001). */
const FIRST_COUNTER = '10000';

/** A database made before import sets existed has no ISET counter; add one so numbers still advance. */
function ensureCounter(ctx: EmulatorContext): void {
  if (ctx.store.findBy('sys_number_counter', 'table', 'sys_import_set')) return;
  ctx.store.insert('sys_number_counter', {
    sys_id: fixedId('sys_number_counter:sys_import_set'),
    table: 'sys_import_set',
    number: FIRST_COUNTER,
  });
}

/** Creates the sys_import_set row of one load. */
export function openImportSet(ctx: EmulatorContext, caller: Caller, into: ImportTarget, mode: string): Row {
  const table = ctx.schema.table('sys_import_set');
  if (!table) throw new Error('sys_import_set is not in the schema');
  ensureCounter(ctx);
  const changes: Row = { table_name: into.staging.name, mode, state: 'loading', multi_import_set_id: randomId() };
  return createRecord(ctx, table, { changes, journal: [], setsPriority: false, rejected: [] }, caller);
}

/** Marks a load finished. */
export function closeImportSet(ctx: EmulatorContext, set: Row): void {
  ctx.store.update('sys_import_set', set.sys_id ?? '', { state: 'processed' });
}

/** Inserts one staging row (unknown and sys_* fields ignored) and transforms it; returns the stored row. */
export function importRow(
  ctx: EmulatorContext,
  caller: Caller,
  into: ImportTarget,
  set: Row,
  index: number,
  record: Record<string, unknown>,
): Row {
  const applied = applyBody(ctx, into.staging, record, false);
  const changes: Row = { ...applied.changes, sys_import_set: set.sys_id ?? '', sys_import_row: String(index) };
  const row = createRecord(ctx, into.staging, { changes, journal: [], setsPriority: false, rejected: [] }, caller);
  const outcome = transformRow(ctx, caller, into.map, into.target, row);
  const state: Row =
    outcome.status === 'error'
      ? { sys_import_state: 'error', sys_row_error: outcome.error, sys_import_state_comment: outcome.error }
      : {
          sys_import_state: outcome.status,
          sys_target_sys_id: outcome.target.sys_id ?? '',
          sys_import_state_comment: outcome.comment,
        };
  Object.assign(state, { sys_target_table: into.target.name, sys_transform_map: into.map.name });
  ctx.store.update(into.staging.physical, row.sys_id ?? '', state);
  return { ...row, ...state };
}

/** One entry of the response's `result` array, built from a staging row's stored state (so GET can rebuild it). */
export function resultEntry(
  ctx: EmulatorContext,
  origin: string,
  into: ImportTarget,
  row: Row,
): Record<string, string> {
  const status = row.sys_import_state ?? '';
  const base = { transform_map: into.map.name, table: into.target.name };
  if (status === 'error') return { ...base, status, error_message: row.sys_row_error ?? '' };
  const id = row.sys_target_sys_id ?? '';
  const record = id === '' ? undefined : findRecord(ctx, into.target, id);
  const displayName = into.target.displayField ?? '';
  return {
    ...base,
    display_name: displayName,
    display_value: displayName === '' ? '' : (record?.[displayName] ?? ''),
    record_link: `${origin}/api/now/table/${into.target.name}/${id}`,
    status,
    sys_id: id,
    ...(row.sys_import_state_comment ? { status_message: row.sys_import_state_comment } : {}),
  };
}
