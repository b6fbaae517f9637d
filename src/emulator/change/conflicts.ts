import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { formatDateTime } from '../store/date-time.js';
import { newRowDefaults } from '../store/defaults.js';
import { randomId } from '../store/ids.js';
import type { Row } from '../store/store.js';

/** The one conflict type the emulator computes (the CI is in another change's planned window). */
export const CI_ALREADY_SCHEDULED = { value: 'ci_already_scheduled', label: 'Configuration Item Already Scheduled' };

/** States whose changes no longer hold their CI: Closed and Canceled. */
const FINISHED_STATES = ['3', '4'];

/** Why a conflict check cannot start, or undefined when it can. */
export function cannotCheck(change: Row): string | undefined {
  if ((change.start_date ?? '') === '' || (change.end_date ?? '') === '')
    return 'Conflict checking needs the planned start date and end date of the change';
  if ((change.end_date ?? '') < (change.start_date ?? '')) return 'The planned end date is before the start date';
  return undefined;
}

/**
 * Runs the conflict check of one change, synchronously: every other open change on the same CI whose planned
 * window [start_date, end_date] overlaps this one's is a conflict. Replaces the change's earlier conflict rows
 * and records the outcome in conflict_status and conflict_last_run, as an instance does.
 */
export function runConflictCheck(ctx: EmulatorContext, change: Row, caller: Caller): number {
  const sysId = change.sys_id ?? '';
  const ci = change.cmdb_ci ?? '';
  const overlapping =
    ci === ''
      ? []
      : (ctx.store
          .prepare(
            `SELECT "sys_id" FROM "task" WHERE "sys_class_name" = 'change_request' AND "sys_id" <> ? AND "cmdb_ci" = ?
             AND "state" NOT IN (${FINISHED_STATES.map(() => '?').join(',')})
             AND "start_date" <> '' AND "end_date" <> '' AND "start_date" <= ? AND "end_date" >= ?
             ORDER BY "start_date", rowid`,
          )
          .all(sysId, ci, ...FINISHED_STATES, change.end_date, change.start_date) as { sys_id: string }[]);
  const table = ctx.schema.table('conflict');
  const changes = ctx.schema.table('change_request');
  if (!table || !changes) throw new Error('conflict tables missing from the schema');
  const now = ctx.clock();
  const stamp = formatDateTime(now);
  ctx.db.transaction(() => {
    clearConflicts(ctx, sysId);
    for (const other of overlapping) {
      ctx.store.insert('conflict', {
        ...newRowDefaults(table, randomId(), caller.userName, now),
        change: sysId,
        conflicting_change: other.sys_id,
        configuration_item: ci,
        type: CI_ALREADY_SCHEDULED.value,
        last_checked: stamp,
      });
    }
    ctx.store.update(changes.physical, sysId, {
      conflict_status: overlapping.length > 0 ? 'Conflict' : 'No Conflict',
      conflict_last_run: stamp,
    });
  })();
  return overlapping.length;
}

/** Deletes the conflict rows of one change. */
export function clearConflicts(ctx: EmulatorContext, changeSysId: string): void {
  ctx.store.prepare(`DELETE FROM "conflict" WHERE "change" = ?`).run(changeSysId);
}

/** The conflict rows of one change, oldest first. */
export function conflictsOf(ctx: EmulatorContext, changeSysId: string): Row[] {
  return ctx.store.prepare(`SELECT * FROM "conflict" WHERE "change" = ? ORDER BY rowid`).all(changeSysId) as Row[];
}
