import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import type { Row } from '../store/store.js';

/**
 * The CMDB Instance API's shapes (reference §3.1): `attributes` is the record with string values and
 * references as `{display_value, link, value}`; relations are `{sys_id, type, target}` with `target.link`
 * on the Instance route of base class cmdb_ci.
 */

const displayOf = (ctx: EmulatorContext, tableName: string, sysId: string): string => {
  const table = ctx.schema.table(tableName);
  if (!table?.displayField) return sysId;
  return ctx.store.byId(table.physical, sysId)?.[table.displayField] ?? '';
};

export function attributesView(
  ctx: EmulatorContext,
  table: ResolvedTable,
  row: Row,
  origin: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of table.fields.values()) {
    if (field.type === 'password' || field.type.startsWith('journal')) continue;
    const value = row[field.name] ?? '';
    const target =
      field.type === 'domain_id' ? 'sys_user_group' : field.type === 'reference' ? field.reference : undefined;
    if (target === undefined || value === '') {
      out[field.name] = value;
      continue;
    }
    const display = field.type === 'domain_id' && value === 'global' ? 'global' : displayOf(ctx, target, value);
    out[field.name] = { display_value: display, link: `${origin}/api/now/table/${target}/${value}`, value };
  }
  return out;
}

export interface RelationRow {
  readonly sys_id: string;
  readonly parent: string;
  readonly child: string;
  readonly type: string;
}

/** The CI's relations: outbound where it is the parent, inbound where it is the child. */
export function relationsOf(ctx: EmulatorContext, sysId: string): { outbound: RelationRow[]; inbound: RelationRow[] } {
  const rows = ctx.store
    .prepare(
      `SELECT "sys_id", "parent", "child", "type" FROM "cmdb_rel_ci" WHERE "parent" = ? OR "child" = ? ORDER BY rowid`,
    )
    .all(sysId, sysId) as RelationRow[];
  return { outbound: rows.filter((r) => r.parent === sysId), inbound: rows.filter((r) => r.child === sysId) };
}

function relationView(ctx: EmulatorContext, rel: RelationRow, target: string, origin: string): Record<string, unknown> {
  return {
    sys_id: rel.sys_id,
    type: {
      display_value: displayOf(ctx, 'cmdb_rel_type', rel.type),
      link: `${origin}/api/now/table/cmdb_rel_type/${rel.type}`,
      value: rel.type,
    },
    target: {
      display_value: displayOf(ctx, 'cmdb_ci', target),
      link: `${origin}/api/now/cmdb/instance/cmdb_ci/${target}`,
      value: target,
    },
  };
}

/** `{attributes, outbound_relations, inbound_relations}` of one CI. */
export function ciView(ctx: EmulatorContext, table: ResolvedTable, row: Row, origin: string): Record<string, unknown> {
  const actual = ctx.schema.table(row.sys_class_name ?? '') ?? table;
  const { outbound, inbound } = relationsOf(ctx, row.sys_id ?? '');
  return {
    attributes: attributesView(ctx, actual, row, origin),
    outbound_relations: outbound.map((r) => relationView(ctx, r, r.child, origin)),
    inbound_relations: inbound.map((r) => relationView(ctx, r, r.parent, origin)),
  };
}
