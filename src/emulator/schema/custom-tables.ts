import type { EmulatorContext } from '../context.js';
import { ensureTables } from '../store/database.js';
import type { Row } from '../store/store.js';
import { ALL_TABLES } from './tables/index.js';
import { FIELD_TYPES, type FieldDef, type FieldType, type TableDef } from './types.js';

/** Names a run-time table or column may have: they become SQLite identifiers. */
const NAME = /^[a-z][a-z0-9_]{0,79}$/;
const STATIC = new Set(ALL_TABLES.map((t) => t.name));
/** Types the platform manages itself (ids, journals, secrets, class and domain): not for a run-time column. */
const PLATFORM_TYPES = new Set<FieldType>([
  'GUID',
  'journal',
  'journal_input',
  'journal_list',
  'password',
  'sys_class_name',
  'domain_id',
]);
const TYPES = new Set<FieldType>(FIELD_TYPES.filter((type) => !PLATFORM_TYPES.has(type)));

/**
 * Tables a user defined through the Table API, as on an instance: a sys_db_object row (name, label,
 * super_class) and one sys_dictionary row per column (element, column_label, internal_type, max_length,
 * reference). Called after every write to either table, on start and after a reset. A table extending
 * sys_import_set_row is a staging table the Import Set API accepts once a transform map names it.
 */
export function loadCustomTables(ctx: EmulatorContext): void {
  const registry = ctx.schema;
  if (!registry.setExtraTables) return;
  const objects = ctx.store
    .prepare(`SELECT "sys_id", "name", "label", "super_class", "is_extendable" FROM "sys_db_object" ORDER BY rowid`)
    .all() as Row[];
  const nameOf = new Map(objects.map((o) => [o.sys_id ?? '', o.name ?? '']));
  const custom = objects.filter((o) => NAME.test(o.name ?? '') && !STATIC.has(o.name ?? ''));
  const defs = custom.map((o) => toTableDef(ctx, o, nameOf));
  try {
    registry.setExtraTables(defs);
  } catch {
    // A cycle or an unknown parent among user tables: keep them standalone rather than refuse every request.
    registry.setExtraTables(defs.map(({ superClass: _drop, ...def }) => def));
  }
  ensureTables(ctx.db, registry);
  ctx.store.refreshColumns();
}

function toTableDef(ctx: EmulatorContext, object: Row, nameOf: ReadonlyMap<string, string>): TableDef {
  const name = object.name ?? '';
  const named = nameOf.get(object.super_class ?? '');
  const parent = named === undefined ? undefined : ctx.schema.table(named);
  // Only a hierarchy (one with sys_class_name) can hold another class's rows; otherwise the table stands alone.
  const parentName = parent === undefined || parent.fields.has('sys_class_name') ? named : undefined;
  const columns = ctx.store
    .prepare(`SELECT * FROM "sys_dictionary" WHERE "name" = ? AND "element" != '' ORDER BY rowid`)
    .all(name) as Row[];
  const fields: FieldDef[] = [];
  for (const c of columns) {
    const element = c.element ?? '';
    if (!NAME.test(element) || element.startsWith('sys_') || parent?.fields.has(element)) continue;
    const type = TYPES.has(c.internal_type as FieldType) ? (c.internal_type as FieldType) : 'string';
    const maxLength = Number(c.max_length);
    fields.push({
      name: element,
      label: c.column_label || element,
      type,
      ...(Number.isInteger(maxLength) && maxLength > 0 ? { maxLength } : {}),
      ...(type === 'reference' && c.reference ? { reference: c.reference } : {}),
    });
  }
  return {
    name,
    label: object.label || name,
    ...(parentName === undefined ? {} : { superClass: parentName }),
    ...(object.is_extendable === 'true' ? { extendable: true } : {}),
    // Access follows the parent (a staging table needs the import roles); a standalone table is open to all.
    ...(parent?.def.readRoles === undefined ? {} : { readRoles: parent.def.readRoles }),
    ...(parent?.def.writeRoles === undefined ? {} : { writeRoles: parent.def.writeRoles }),
    fields,
  };
}
