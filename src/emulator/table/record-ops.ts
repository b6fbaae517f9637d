import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { derivePriority } from '../seed/incident-builder.js';
import { takeNumbers } from '../seed/generate.js';
import type { ResolvedTable } from '../schema/types.js';
import { formatDateTime } from '../store/date-time.js';
import { formatNumber, newRowDefaults } from '../store/defaults.js';
import { randomId } from '../store/ids.js';
import type { Row } from '../store/store.js';
import type { AppliedBody } from './apply-body.js';

/** Tables whose changes invalidate cached Basic-auth callers. */
const AUTH_TABLES = new Set(['sys_user', 'sys_user_has_role', 'sys_user_role']);

/** A record of the table by sys_id: a child row read through the wrong class is not found (reference §5). */
export function findRecord(ctx: EmulatorContext, table: ResolvedTable, sysId: string): Row | undefined {
  const row = ctx.store.byId(table.physical, sysId);
  if (!row) return undefined;
  if (table.fields.has('sys_class_name') && !table.classes.includes(row.sys_class_name ?? '')) return undefined;
  return row;
}

function appendJournal(
  ctx: EmulatorContext,
  className: string,
  sysId: string,
  applied: AppliedBody,
  caller: Caller,
  now: Date,
): void {
  const journalTable = ctx.schema.table('sys_journal_field');
  if (!journalTable) return;
  for (const entry of applied.journal) {
    const row = newRowDefaults(journalTable, randomId(), caller.userName, now);
    ctx.store.insert('sys_journal_field', {
      ...row,
      element_id: sysId,
      name: className,
      element: entry.element,
      value: entry.value,
    });
  }
}

/** Priority from impact × urgency on incidents when the body did not set it (reference §8). */
function derive(table: ResolvedTable, row: Row, applied: AppliedBody): void {
  if (!table.chain.includes('incident') || applied.setsPriority) return;
  if (applied.changes.impact === undefined && applied.changes.urgency === undefined) return;
  const priority = derivePriority(row.impact ?? '', row.urgency ?? '');
  if (priority !== '') row.priority = priority;
}

/**
 * Inserts a record: defaults, system fields, auto-number, journal entries. Returns the stored row. `sysId` is a
 * caller-supplied sys_id the caller has checked is unused; a random one is made otherwise.
 */
export function createRecord(
  ctx: EmulatorContext,
  table: ResolvedTable,
  applied: AppliedBody,
  caller: Caller,
  sysId: string = randomId(),
): Row {
  const now = ctx.clock();
  const row: Row = { ...newRowDefaults(table, sysId, caller.userName, now), ...applied.changes };
  ctx.db.transaction(() => {
    if (table.fields.has('number') && (row.number ?? '') === '') {
      const owner = table.chain.map((n) => ctx.schema.table(n)).find((t) => t?.def.numberPrefix !== undefined);
      if (owner?.def.numberPrefix !== undefined)
        row.number = formatNumber(owner.def.numberPrefix, takeNumbers(ctx.store, owner.name, 1));
    }
    if (table.fields.has('opened_at') && (row.opened_at ?? '') === '') row.opened_at = formatDateTime(now);
    if (table.fields.has('opened_by') && (row.opened_by ?? '') === '') row.opened_by = caller.sysId;
    if (table.chain.includes('incident') && !applied.setsPriority)
      row.priority = derivePriority(row.impact ?? '', row.urgency ?? '') || (row.priority ?? '');
    ctx.store.insert(table.physical, row);
    appendJournal(ctx, table.name, row.sys_id ?? '', applied, caller, now);
  })();
  if (AUTH_TABLES.has(table.name)) ctx.authCache.clear();
  return row;
}

/** Partially updates a record (PUT = PATCH). sys_mod_count grows only when something changed. */
export function updateRecord(
  ctx: EmulatorContext,
  table: ResolvedTable,
  existing: Row,
  applied: AppliedBody,
  caller: Caller,
): Row {
  const now = ctx.clock();
  const next: Row = { ...existing, ...applied.changes };
  derive(table, next, applied);
  const changed: Row = {};
  for (const [name, value] of Object.entries(next)) if (existing[name] !== value) changed[name] = value;
  if (Object.keys(changed).length === 0 && applied.journal.length === 0) return existing;
  const stamp = formatDateTime(now);
  changed.sys_updated_on = stamp;
  changed.sys_updated_by = caller.userName;
  changed.sys_mod_count = String(Number(existing.sys_mod_count || '0') + 1);
  const sysId = existing.sys_id ?? '';
  ctx.db.transaction(() => {
    ctx.store.update(table.physical, sysId, changed);
    appendJournal(ctx, existing.sys_class_name || table.name, sysId, applied, caller, now);
  })();
  if (AUTH_TABLES.has(table.name)) ctx.authCache.clear();
  return { ...next, ...changed };
}

/** Deletes a record and records it in sys_audit_delete (tablename, documentkey, display_value). */
export function deleteRecord(ctx: EmulatorContext, table: ResolvedTable, existing: Row, caller: Caller): void {
  const audit = ctx.schema.table('sys_audit_delete');
  const sysId = existing.sys_id ?? '';
  ctx.db.transaction(() => {
    ctx.store.delete(table.physical, sysId);
    if (audit) {
      const row = newRowDefaults(audit, randomId(), caller.userName, ctx.clock());
      const display = table.displayField === undefined ? '' : (existing[table.displayField] ?? '');
      ctx.store.insert('sys_audit_delete', {
        ...row,
        tablename: existing.sys_class_name || table.name,
        documentkey: sysId,
        display_value: display,
      });
    }
  })();
  if (AUTH_TABLES.has(table.name)) ctx.authCache.clear();
}
