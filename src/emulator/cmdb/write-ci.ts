import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import type { Row } from '../store/store.js';
import { applyBody, type AppliedBody } from '../table/apply-body.js';
import { createRecord, updateRecord } from '../table/record-ops.js';

/** IRE item operations the emulator produces (reference §3.2). */
export type CiOperation =
  'INSERT' | 'UPDATE' | 'NO_CHANGE' | 'UPDATE_WITH_UPGRADE' | 'UPDATE_WITH_DOWNGRADE' | 'UPDATE_WITH_SWITCH';

/** The IRE item `settings` that keep a matched CI in its class. */
export interface ClassSettings {
  readonly updateWithoutUpgrade?: boolean;
  readonly updateWithoutDowngrade?: boolean;
  readonly updateWithoutSwitch?: boolean;
}

/** What writing a CI will do, decided before anything is written. */
export interface CiWritePlan {
  readonly operation: CiOperation;
  readonly table: ResolvedTable;
  readonly existing: Row | undefined;
  readonly applied: AppliedBody;
}

/** Reclassification of a matched CI to the payload's class: upgrade (to a subclass), downgrade, or switch. */
function classMove(
  ctx: EmulatorContext,
  existingClass: string,
  target: ResolvedTable,
  settings: ClassSettings,
): { operation: CiOperation; table: ResolvedTable } | undefined {
  if (existingClass === target.name) return undefined;
  const current = ctx.schema.table(existingClass);
  if (!current) return undefined;
  if (target.chain.includes(existingClass)) {
    return settings.updateWithoutUpgrade === true ? undefined : { operation: 'UPDATE_WITH_UPGRADE', table: target };
  }
  if (current.chain.includes(target.name)) {
    return settings.updateWithoutDowngrade === true ? undefined : { operation: 'UPDATE_WITH_DOWNGRADE', table: target };
  }
  return settings.updateWithoutSwitch === true ? undefined : { operation: 'UPDATE_WITH_SWITCH', table: target };
}

/**
 * Plans an insert (no match) or an update of the matched CI: values are mapped as the Table API maps a body
 * (unknown and sys_* fields ignored), and an update that changes no stored value is NO_CHANGE.
 */
export function planCiWrite(
  ctx: EmulatorContext,
  table: ResolvedTable,
  existing: Row | undefined,
  values: Record<string, unknown>,
  settings: ClassSettings = {},
): CiWritePlan {
  if (!existing) return { operation: 'INSERT', table, existing, applied: applyBody(ctx, table, values, false) };
  const move = classMove(ctx, existing.sys_class_name ?? table.name, table, settings);
  const target = move?.table ?? ctx.schema.table(existing.sys_class_name ?? '') ?? table;
  const applied = applyBody(ctx, target, values, false);
  const changes: Row = {};
  for (const [name, value] of Object.entries(applied.changes)) if (existing[name] !== value) changes[name] = value;
  if (move) changes.sys_class_name = move.table.name;
  const operation: CiOperation = move ? move.operation : Object.keys(changes).length > 0 ? 'UPDATE' : 'NO_CHANGE';
  return { operation, table: target, existing, applied: { ...applied, changes } };
}

/** Carries out a plan; NO_CHANGE writes nothing. `source` becomes discovery_source on insert. */
export function commitCiWrite(
  ctx: EmulatorContext,
  caller: Caller,
  plan: CiWritePlan,
  source: string | undefined,
): Row {
  if (!plan.existing) {
    const changes = source === undefined ? plan.applied.changes : { discovery_source: source, ...plan.applied.changes };
    return createRecord(ctx, plan.table, { ...plan.applied, changes }, caller);
  }
  if (plan.operation === 'NO_CHANGE') return plan.existing;
  return updateRecord(ctx, plan.table, plan.existing, plan.applied, caller);
}
