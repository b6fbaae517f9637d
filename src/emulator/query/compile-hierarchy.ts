import type { ResolvedField } from '../schema/types.js';
import type { Scope } from './scope.js';
import type { SqlFragment } from './sql-fragment.js';
import { fragment, quoteIdentifier } from './sql-fragment.js';

/**
 * `<reference>IN_HIERARCHY<sys_id>`: the reference is that record or any record below it, following
 * the referenced table's own `parent` reference (as for locations, groups, tasks). A recursive CTE
 * walks down; UNION (not UNION ALL) drops repeats, so a cycle in the data still terminates.
 * When the referenced table has no `parent` reference this is plain equality.
 */
export function compileInHierarchy(
  v: string,
  field: ResolvedField,
  value: string,
  scope: Scope,
): SqlFragment | undefined {
  if (field.type !== 'reference' || !field.reference || value === '') return undefined;
  const target = scope.schema.table(field.reference);
  if (!target) return undefined;
  const parent = target.fields.get('parent');
  const physical = quoteIdentifier(target.physical);
  const parentTarget = parent?.reference ? scope.schema.table(parent.reference) : undefined;
  if (parent?.type !== 'reference' || parentTarget?.physical !== target.physical || !physical) {
    return fragment(`${v} = ?`, value);
  }
  const h = scope.aliases.next('h');
  const x = scope.aliases.next('x');
  return fragment(
    `${v} IN (WITH RECURSIVE ${h}(id) AS (SELECT ? UNION SELECT ${x}."sys_id" FROM ${physical} ${x} ` +
      `JOIN ${h} ON ${x}."parent" = ${h}.id) SELECT id FROM ${h})`,
    value,
  );
}
