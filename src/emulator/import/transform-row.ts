import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import type { Row } from '../store/store.js';
import { isSysId } from '../store/ids.js';
import { applyBody, type AppliedBody } from '../table/apply-body.js';
import { createRecord, updateRecord } from '../table/record-ops.js';
import type { TransformMap } from './transform-maps.js';

/** The outcome of transforming one staging row (sys_import_set_row.sys_import_state). */
export type TransformOutcome =
  | { readonly status: 'inserted' | 'updated' | 'ignored'; readonly target: Row; readonly comment: string }
  | { readonly status: 'error'; readonly error: string };

/** Checks mapped values the target cannot store as given: unknown choices and unresolved references. */
function invalidValue(ctx: EmulatorContext, target: ResolvedTable, changes: Row): string | undefined {
  for (const [name, value] of Object.entries(changes)) {
    const field = target.fields.get(name);
    if (!field || value === '') continue;
    if (field.choice === true && ctx.choices.label(target.name, name, value) === undefined) {
      return `Invalid value "${value}" for ${target.name}.${name}: use one of its choice values or labels`;
    }
    if (field.type === 'reference' && field.reference !== undefined) {
      const ref = ctx.schema.table(field.reference);
      if (!isSysId(value) || !ref || !ctx.store.byId(ref.physical, value)) {
        return `No ${field.reference} record named "${value}" for ${target.name}.${name}`;
      }
    }
  }
  return undefined;
}

/** A mapped value the target field's type could not hold (applyBody ignored it), as a row error. */
function rejectedValue(target: ResolvedTable, rejected: AppliedBody['rejected']): string | undefined {
  const first = rejected[0];
  if (first === undefined) return undefined;
  const field = target.fields.get(first.name);
  const hint =
    field?.choice === true ? 'use one of its choice values or labels' : `not a valid ${field?.type ?? ''} value`;
  return `Invalid value "${first.value}" for ${target.name}.${first.name}: ${hint}`;
}

/**
 * Runs a transform map over one staging row: maps the non-empty source fields, coalesces on the key
 * (insert when nothing matches, update when something differs, ignore when nothing does). Transforms write
 * as the system, so target-table ACLs do not apply (the caller needed an import role to load the row).
 */
export function transformRow(
  ctx: EmulatorContext,
  caller: Caller,
  map: TransformMap,
  target: ResolvedTable,
  staging: Readonly<Record<string, string>>,
): TransformOutcome {
  const key = staging[map.coalesce.source] ?? '';
  if (key === '' && map.requireCoalesce) {
    return {
      status: 'error',
      error: `Coalesce field ${map.coalesce.source} is empty: every ${map.source} row needs a ${map.coalesce.source}`,
    };
  }
  const mapped: Record<string, string> = {};
  for (const [from, to] of Object.entries(map.fields)) {
    const value = staging[from] ?? '';
    if (value !== '') mapped[to] = value;
  }
  Object.assign(mapped, map.derive?.(mapped) ?? {});
  const applied = applyBody(ctx, target, mapped, true);
  const problem = rejectedValue(target, applied.rejected) ?? invalidValue(ctx, target, applied.changes);
  if (problem !== undefined) return { status: 'error', error: problem };
  const existing = key === '' ? undefined : ctx.store.findBy(target.name, map.coalesce.target, key);
  if (!existing) {
    return { status: 'inserted', target: createRecord(ctx, target, applied, caller), comment: '' };
  }
  const changed = Object.entries(applied.changes).some(([name, value]) => existing[name] !== value);
  if (!changed && applied.journal.length === 0) {
    return { status: 'ignored', target: existing, comment: 'No field values changed' };
  }
  return { status: 'updated', target: updateRecord(ctx, target, existing, applied, caller), comment: '' };
}
