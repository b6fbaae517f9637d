import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import type { Row } from '../store/store.js';
import { isSysId } from '../store/ids.js';
import { applyBody, type AppliedBody } from '../table/apply-body.js';
import { createRecord, updateRecord } from '../table/record-ops.js';
import { BusinessRuleAbort } from '../rules/business-rules.js';
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
  const emptyKey = map.coalesce.find((c) => (staging[c.source] ?? '') === '');
  if (emptyKey !== undefined && !map.insertOnEmptyCoalesce) {
    return {
      status: 'error',
      error: `Coalesce field ${emptyKey.source} is empty: every ${map.source} row needs a ${emptyKey.source}`,
    };
  }
  const mapped: Record<string, string> = {};
  for (const [from, to] of Object.entries(map.fields)) {
    const value = staging[from] ?? '';
    if (value !== '' || map.copyEmpty) mapped[to] = value;
  }
  const applied = applyBody(ctx, target, mapped, true);
  const problem = rejectedValue(target, applied.rejected) ?? invalidValue(ctx, target, applied.changes);
  if (problem !== undefined) return { status: 'error', error: problem };
  const existing = emptyKey === undefined ? findByCoalesce(ctx, map, target, staging) : undefined;
  try {
    if (!existing) return { status: 'inserted', target: createRecord(ctx, target, applied, caller), comment: '' };
    const changed = Object.entries(applied.changes).some(([name, value]) => existing[name] !== value);
    if (!changed && applied.journal.length === 0) {
      return { status: 'ignored', target: existing, comment: 'No field values changed' };
    }
    return { status: 'updated', target: updateRecord(ctx, target, existing, applied, caller), comment: '' };
  } catch (error) {
    // A before business rule that aborts makes the row an error with the rule's text (part 2 §7.3).
    if (error instanceof BusinessRuleAbort) return { status: 'error', error: error.detail };
    throw error;
  }
}

/** The target record whose coalesce fields all equal the staging row's values (none when nothing coalesces). */
function findByCoalesce(
  ctx: EmulatorContext,
  map: TransformMap,
  target: ResolvedTable,
  staging: Readonly<Record<string, string>>,
): Row | undefined {
  const [first, ...rest] = map.coalesce;
  if (first === undefined) return undefined;
  const candidate = ctx.store.findBy(target.name, first.target, staging[first.source] ?? '');
  return candidate && rest.every((c) => candidate[c.target] === (staging[c.source] ?? '')) ? candidate : undefined;
}
