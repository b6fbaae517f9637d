import { changeValues, type ChangeRecord } from '../../lib/changes/change-record.js';
import type { ConflictCheckResult } from '../../lib/changes/change-types.js';
import type { CliContext } from '../context.js';
import { pickFormat } from '../options.js';
import { formatTable } from '../output/record-format.js';

const display = (r: ChangeRecord, name: string): string => r.fields[name]?.display_value ?? '';

export const CHANGE_COLUMNS = ['number', 'type', 'state', 'short_description', 'cmdb_ci', 'start_date', 'end_date'];
export const TEMPLATE_COLUMNS = ['sys_id', 'name', 'category', 'short_description'];
export const TASK_COLUMNS = ['number', 'sys_id', 'state', 'short_description', 'assigned_to'];

/** Records as a table of display values (terminal) or JSON/NDJSON of their `value`s (`--raw`: the API objects). */
export function writeRecords(
  ctx: CliContext,
  records: readonly ChangeRecord[],
  columns: readonly string[],
  flags: { format?: string; raw?: boolean },
  json: boolean,
): void {
  const format = pickFormat(flags.format, json, ctx.io.isTTY.stdout);
  const shape = (r: ChangeRecord): unknown => (flags.raw ? r.fields : changeValues(r));
  if (format === 'table') {
    const rows = records.map((r) => Object.fromEntries(columns.map((c) => [c, display(r, c)])));
    ctx.out(records.length === 0 ? '(no records)\n' : formatTable(rows, columns, 50));
  } else if (format === 'ndjson') {
    ctx.out(records.map((r) => `${JSON.stringify(shape(r))}\n`).join(''));
  } else {
    ctx.out(`${JSON.stringify(records.map(shape), null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
  }
}

/** One record: its `value`s as JSON (or the API objects with --raw); ignored fields become a note. */
export function writeRecord(ctx: CliContext, record: ChangeRecord, flags: { raw?: boolean }): void {
  const body = flags.raw ? record.fields : changeValues(record);
  ctx.out(`${JSON.stringify(body, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
  if (record.ignoredFields.length > 0)
    ctx.note(
      `the instance ignored these fields: ${record.ignoredFields.join(', ')} (unknown, read-only or set by the template)`,
    );
}

/** A conflict check result: a summary line and a table, or JSON. */
export function writeConflicts(ctx: CliContext, number: string, result: ConflictCheckResult, json: boolean): void {
  if (json || !ctx.io.isTTY.stdout) {
    ctx.out(`${JSON.stringify(result, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
    return;
  }
  ctx.out(
    `${number}: ${result.status}${result.lastRun ? ` (last run ${result.lastRun} UTC)` : ''}, ${result.conflicts.length} conflicts\n`,
  );
  if (result.conflicts.length === 0) return;
  const rows = result.conflicts.map((c) => ({
    conflicting_change: c.conflictingChange?.display_value ?? '',
    type: c.type.display_value,
    configuration_item: c.configurationItem?.display_value ?? '',
  }));
  ctx.out(formatTable(rows, ['conflicting_change', 'type', 'configuration_item'], 50));
}
