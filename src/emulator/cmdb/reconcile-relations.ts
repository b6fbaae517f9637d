import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { JsonObject } from '../http/json-body.js';
import type { IreError, ItemResult } from './reconcile-items.js';
import { ensureRelation, findRelation, relationType } from './relations.js';

/** One element of `result.relations`. */
export interface RelationResult {
  className: 'cmdb_rel_ci';
  operation: 'INSERT' | 'NO_CHANGE';
  sysId?: string;
  inputIndices: number[];
  markers: string[];
  mergedPayloadIds: string[];
  errorCount: number;
  errors?: IreError[];
}

const relationFailed = (index: number, error: IreError): RelationResult => ({
  className: 'cmdb_rel_ci',
  operation: 'NO_CHANGE',
  inputIndices: [index],
  markers: [],
  mergedPayloadIds: [],
  errorCount: 1,
  errors: [error],
});

/** The item a relation end names: `parent`/`child` index into items, or `parent_id`/`child_id` internal_id. */
function endpoint(items: readonly ItemResult[], rel: JsonObject, end: 'parent' | 'child'): ItemResult | string {
  const index = rel[end];
  const internal = rel[`${end}_id`];
  if (typeof index === 'number' && Number.isInteger(index)) {
    return items[index] ?? `${end} index ${index} is outside the items (0 to ${items.length - 1})`;
  }
  if (typeof internal === 'string' && internal !== '') {
    return items.find((i) => i.internalId === internal) ?? `no item has internal_id [${internal}] for ${end}_id`;
  }
  return `the relation names no ${end}: give ${end} (an item index) or ${end}_id (an internal_id)`;
}

/**
 * Writes the payload's relations between its items (reference §3.2): `type` is a cmdb_rel_type name; a
 * relation whose items failed is ABANDONED; an existing (parent, child, type) is NO_CHANGE.
 */
export function reconcileRelations(
  ctx: EmulatorContext,
  caller: Caller,
  items: readonly ItemResult[],
  relations: readonly JsonObject[],
  dryRun: boolean,
): RelationResult[] {
  return relations.map((rel, k) => {
    const parent = endpoint(items, rel, 'parent');
    const child = endpoint(items, rel, 'child');
    for (const end of [parent, child]) {
      if (typeof end === 'string')
        return relationFailed(k, { error: 'INVALID_INPUT_DATA', message: `Relation ${k}: ${end}` });
    }
    const typeName = typeof rel.type === 'string' ? rel.type : '';
    const type = typeName === '' ? undefined : relationType(ctx, { name: typeName });
    if (!type) {
      return relationFailed(k, {
        error: 'INVALID_INPUT_DATA',
        message: `Relation ${k}: invalid relation type [${typeName}]; use a cmdb_rel_type name such as "Runs on::Runs"`,
      });
    }
    const p = parent as ItemResult;
    const c = child as ItemResult;
    if (p.errorCount > 0 || c.errorCount > 0) {
      return relationFailed(k, { error: 'ABANDONED', message: `Relation ${k}: its parent or child item has errors` });
    }
    const base = {
      className: 'cmdb_rel_ci' as const,
      inputIndices: [k],
      markers: [],
      mergedPayloadIds: [],
      errorCount: 0,
    };
    if (dryRun) {
      const existing =
        p.sysId === 'Unknown' || c.sysId === 'Unknown'
          ? undefined
          : findRelation(ctx, p.sysId, c.sysId, type.sys_id ?? '');
      return {
        ...base,
        operation: existing ? 'NO_CHANGE' : 'INSERT',
        ...(existing ? { sysId: existing.sys_id ?? '' } : {}),
      };
    }
    const written = ensureRelation(ctx, caller, p.sysId, c.sysId, type.sys_id ?? '');
    return { ...base, operation: written.inserted ? 'INSERT' : 'NO_CHANGE', sysId: written.row.sys_id ?? '' };
  });
}
