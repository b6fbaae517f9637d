import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { writeAudit } from '../rules/audit.js';
import type { RuleRun } from '../rules/business-rules.js';
import { applyInsertDefaults, deriveFields, insertedFields } from '../rules/platform-rules.js';
import { matchingAfterRules, runAfterRules, runBeforeRules } from '../rules/run-rules.js';
import { loadCustomTables } from '../schema/custom-tables.js';
import type { ResolvedTable } from '../schema/types.js';
import { formatDateTime } from '../store/date-time.js';
import { newRowDefaults } from '../store/defaults.js';
import { randomId } from '../store/ids.js';
import type { Row } from '../store/store.js';
import type { AppliedBody } from './apply-body.js';

/** Tables whose changes invalidate cached Basic-auth callers. */
const AUTH_TABLES = new Set([
  'sys_user',
  'sys_user_has_role',
  'sys_user_role',
  'sys_user_grmember',
  'sys_group_has_role',
]);
/** Tables whose changes define tables at run time (schema/custom-tables.ts). */
const DICTIONARY_TABLES = new Set(['sys_db_object', 'sys_dictionary']);

/** Cache and schema upkeep after a write. */
function afterWrite(ctx: EmulatorContext, table: ResolvedTable): void {
  if (AUTH_TABLES.has(table.name)) ctx.authCache.clear();
  if (DICTIONARY_TABLES.has(table.name)) loadCustomTables(ctx);
}

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
  journal: AppliedBody['journal'],
  caller: Caller,
  now: Date,
): void {
  const journalTable = ctx.schema.table('sys_journal_field');
  if (!journalTable) return;
  for (const entry of journal) {
    const row = newRowDefaults(journalTable, randomId(), caller.userName, now);
    ctx.store.insert(journalTable.physical, {
      ...row,
      element_id: sysId,
      name: className,
      element: entry.element,
      value: entry.value,
    });
  }
}

/**
 * Inserts a record: defaults, system fields, auto-number, the platform rules, business rules, journal
 * entries and audit (src/emulator/rules/). Returns the stored row. `sysId` is a caller-supplied sys_id the
 * caller has checked is unused; a random one is made otherwise.
 * @throws BusinessRuleAbort when a before rule aborts (nothing is written)
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
  const run: RuleRun = { ctx, table, action: 'insert', caller, now, previous: undefined };
  ctx.db.transaction(() => {
    applyInsertDefaults(ctx, table, row, caller, now);
    deriveFields(table, row, insertedFields(applied.changes), applied.setsPriority, caller, now, true);
    ctx.store.insert(table.physical, row);
    const journal = [...applied.journal, ...runBeforeRules(run, row)];
    appendJournal(ctx, table.name, sysId, journal, caller, now);
    writeAudit(ctx, table, undefined, row, journal, caller, now);
    runAfterRules(run, row);
  })();
  afterWrite(ctx, table);
  return row;
}

/**
 * Partially updates a record (PUT = PATCH), running the platform and business rules and auditing the
 * changes. sys_mod_count grows only when something changed.
 * @throws BusinessRuleAbort when a before rule aborts (nothing is written)
 */
export function updateRecord(
  ctx: EmulatorContext,
  table: ResolvedTable,
  existing: Row,
  applied: AppliedBody,
  caller: Caller,
): Row {
  const now = ctx.clock();
  const next: Row = { ...existing, ...applied.changes };
  const asked = new Set(Object.keys(applied.changes).filter((name) => existing[name] !== applied.changes[name]));
  deriveFields(table, next, asked, applied.setsPriority, caller, now);
  const changed: Row = {};
  for (const [name, value] of Object.entries(next)) if (existing[name] !== value) changed[name] = value;
  if (Object.keys(changed).length === 0 && applied.journal.length === 0) return existing;
  changed.sys_updated_on = formatDateTime(now);
  changed.sys_updated_by = caller.userName;
  changed.sys_mod_count = String(Number(existing.sys_mod_count || '0') + 1);
  const sysId = existing.sys_id ?? '';
  const row: Row = { ...next, ...changed };
  const run: RuleRun = { ctx, table, action: 'update', caller, now, previous: existing };
  ctx.db.transaction(() => {
    ctx.store.update(table.physical, sysId, changed);
    const journal = [...applied.journal, ...runBeforeRules(run, row)];
    appendJournal(ctx, existing.sys_class_name || table.name, sysId, journal, caller, now);
    writeAudit(ctx, table, existing, row, journal, caller, now);
    runAfterRules(run, row);
  })();
  afterWrite(ctx, table);
  return row;
}

/**
 * Deletes a record, runs its delete rules and records it in sys_audit_delete (tablename, documentkey,
 * display_value).
 * @throws BusinessRuleAbort when a before rule aborts (nothing is deleted)
 */
export function deleteRecord(ctx: EmulatorContext, table: ResolvedTable, existing: Row, caller: Caller): void {
  const audit = ctx.schema.table('sys_audit_delete');
  const sysId = existing.sys_id ?? '';
  const now = ctx.clock();
  const run: RuleRun = { ctx, table, action: 'delete', caller, now, previous: existing };
  ctx.db.transaction(() => {
    runBeforeRules(run, { ...existing });
    const after = matchingAfterRules(run, existing);
    ctx.store.delete(table.physical, sysId);
    if (audit) {
      const row = newRowDefaults(audit, randomId(), caller.userName, now);
      const display = table.displayField === undefined ? '' : (existing[table.displayField] ?? '');
      ctx.store.insert('sys_audit_delete', {
        ...row,
        tablename: existing.sys_class_name || table.name,
        documentkey: sysId,
        display_value: display,
      });
    }
    runAfterRules(run, existing, after);
  })();
  afterWrite(ctx, table);
}
