import type { EmulatorContext } from '../context.js';
import type { Row } from '../store/store.js';

/**
 * A transform map as the import code runs it, read from a sys_transform_map row and its sys_transform_entry
 * rows (reference part 2 §8). Staging values are read as display values (choice labels, reference names), as
 * a transform map with "use source display value" does.
 */
export interface TransformMap {
  /** The transform map's name, as reported in the response's `transform_map`. */
  readonly name: string;
  readonly source: string;
  readonly target: string;
  /** Coalesce field pairs: source fields whose values find the target record. Empty: every row inserts. */
  readonly coalesce: readonly { readonly source: string; readonly target: string }[];
  /** create_new_record_on_empty_coalesce_fields: false makes a row with an empty coalesce value an error. */
  readonly insertOnEmptyCoalesce: boolean;
  /** copy_empty_fields: true lets an empty source value blank the target field. */
  readonly copyEmpty: boolean;
  /** Source field → target field. */
  readonly fields: Readonly<Record<string, string>>;
}

/** The maps the emulator ships, seeded as sys_transform_map / sys_transform_entry rows. */
export const SEED_TRANSFORM_MAPS = [
  {
    name: 'User',
    source: 'imp_user',
    target: 'sys_user',
    insertOnEmptyCoalesce: false,
    coalesce: ['user_name'],
    fields: {
      user_name: 'user_name',
      first_name: 'first_name',
      last_name: 'last_name',
      email: 'email',
      title: 'title',
      department: 'department',
      active: 'active',
    },
  },
  {
    name: 'Incident',
    source: 'u_imp_incident',
    target: 'incident',
    insertOnEmptyCoalesce: true,
    coalesce: ['u_number'],
    fields: {
      u_number: 'number',
      u_short_description: 'short_description',
      u_description: 'description',
      u_caller: 'caller_id',
      u_category: 'category',
      u_urgency: 'urgency',
      u_impact: 'impact',
      u_state: 'state',
      u_assignment_group: 'assignment_group',
    },
  },
] as const;

/** The active maps whose source is the staging table, in `order` (reference part 2 §8.3 proposal). */
export function transformMapsFor(ctx: EmulatorContext, staging: string): TransformMap[] {
  const table = ctx.schema.table('sys_transform_map');
  const entries = ctx.schema.table('sys_transform_entry');
  if (!table || !entries) return [];
  const maps = ctx.store
    .prepare(
      `SELECT * FROM "${table.physical}" WHERE "sys_class_name" = 'sys_transform_map' AND "source_table" = ?
       AND "active" = 'true' ORDER BY CAST("order" AS INTEGER), rowid`,
    )
    .all(staging) as Row[];
  const select = ctx.store.prepare(
    `SELECT * FROM "${entries.physical}" WHERE "sys_class_name" = 'sys_transform_entry' AND "map" = ? ORDER BY rowid`,
  );
  return maps.map((map) => toTransformMap(map, select.all(map.sys_id) as Row[]));
}

function toTransformMap(map: Row, entries: readonly Row[]): TransformMap {
  const fields: Record<string, string> = {};
  const coalesce: { source: string; target: string }[] = [];
  for (const e of entries) {
    const source = e.source_field ?? '';
    const target = e.target_field ?? '';
    if (source === '' || target === '') continue;
    fields[source] = target;
    if (e.coalesce === 'true') coalesce.push({ source, target });
  }
  return {
    name: map.name ?? '',
    source: map.source_table ?? '',
    target: map.target_table ?? '',
    coalesce,
    insertOnEmptyCoalesce: map.create_new_record_on_empty_coalesce_fields === 'true',
    copyEmpty: map.copy_empty_fields === 'true',
    fields,
  };
}
