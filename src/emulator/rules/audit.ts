import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import { newRowDefaults } from '../store/defaults.js';
import { randomId } from '../store/ids.js';
import type { Row } from '../store/store.js';

/** Hierarchies whose collection is flagged Audit on a fresh instance: tasks, users and CIs. */
const AUDITED = new Set(['task', 'sys_user', 'cmdb']);

/** Field types never written to sys_audit: secrets and the read-only journal views. */
const SKIPPED_TYPES = new Set(['password', 'journal_list', 'journal', 'journal_input']);

/** Whether inserts are audited too (glide.sys.audit_inserts, default false; reference part 2 §4.3). */
function auditsInserts(ctx: EmulatorContext): boolean {
  return ctx.store.findBy('sys_properties', 'name', 'glide.sys.audit_inserts')?.value === 'true';
}

/**
 * Writes one sys_audit row per changed field (and per journal entry) of an audited record. On insert
 * `before` is undefined and rows are written only when glide.sys.audit_inserts is true.
 */
export function writeAudit(
  ctx: EmulatorContext,
  table: ResolvedTable,
  before: Row | undefined,
  after: Row,
  journal: readonly { readonly element: string; readonly value: string }[],
  caller: Caller,
  now: Date,
): void {
  const audit = ctx.schema.table('sys_audit');
  if (!audit || !AUDITED.has(table.physical)) return;
  if (before === undefined && !auditsInserts(ctx)) return;
  const base = {
    tablename: after.sys_class_name || table.name,
    documentkey: after.sys_id ?? '',
    user: caller.userName,
    record_checkpoint: after.sys_mod_count ?? '0',
  };
  const put = (fieldname: string, oldvalue: string, newvalue: string): void =>
    ctx.store.insert(audit.physical, {
      ...newRowDefaults(audit, randomId(), caller.userName, now),
      ...base,
      fieldname,
      oldvalue,
      newvalue,
    });
  for (const [name, field] of table.fields) {
    if (name.startsWith('sys_') || SKIPPED_TYPES.has(field.type)) continue;
    const oldValue = before?.[name] ?? '';
    const newValue = after[name] ?? '';
    if (oldValue !== newValue) put(name, oldValue, newValue);
  }
  for (const entry of journal) put(entry.element, '', entry.value);
}
