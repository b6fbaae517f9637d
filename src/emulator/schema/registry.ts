import type { FieldDef, ResolvedField, ResolvedTable, SchemaRegistry, TableDef } from './types.js';

/** Fields every table has (reference §7), defined on each hierarchy root. */
const SYSTEM_FIELDS: readonly FieldDef[] = [
  { name: 'sys_id', label: 'Sys ID', type: 'GUID', maxLength: 32, readOnly: true },
  { name: 'sys_created_on', label: 'Created', type: 'glide_date_time', readOnly: true },
  { name: 'sys_created_by', label: 'Created by', type: 'string', maxLength: 40, readOnly: true },
  { name: 'sys_updated_on', label: 'Updated', type: 'glide_date_time', readOnly: true },
  { name: 'sys_updated_by', label: 'Updated by', type: 'string', maxLength: 40, readOnly: true },
  { name: 'sys_mod_count', label: 'Updates', type: 'integer', readOnly: true, defaultValue: '0' },
  { name: 'sys_tags', label: 'Tags', type: 'string', readOnly: true },
];

const CLASS_FIELD: FieldDef = { name: 'sys_class_name', label: 'Class', type: 'sys_class_name' };

/** Fallback display fields when none is flagged display=true (reference §1.4). */
const DISPLAY_FALLBACKS = ['number', 'name', 'u_number', 'u_name'];

/**
 * Resolves inheritance over plain TableDefs: each table gets its ancestor chain, the physical (root) table,
 * its descendant classes and every visible field.
 * @throws Error when a superClass is unknown or a cycle exists (a programming error in the table data).
 */
export function createSchemaRegistry(tables: readonly TableDef[]): SchemaRegistry {
  let resolved = resolveTables(tables);
  let list = [...resolved.values()];
  return {
    table: (name) => resolved.get(name),
    tables: () => list,
    setExtraTables: (extra) => {
      resolved = resolveTables([...tables, ...extra]);
      list = [...resolved.values()];
    },
  };
}

function resolveTables(tables: readonly TableDef[]): Map<string, ResolvedTable> {
  const defs = new Map(tables.map((t) => [t.name, t]));
  const chainOf = (name: string): string[] => {
    const chain: string[] = [];
    let current: TableDef | undefined = defs.get(name);
    while (current) {
      if (chain.includes(current.name)) throw new Error(`inheritance cycle at ${current.name}`);
      chain.push(current.name);
      if (current.superClass === undefined) break;
      const parent = defs.get(current.superClass);
      if (!parent) throw new Error(`unknown superClass ${current.superClass} of ${current.name}`);
      current = parent;
    }
    return chain;
  };

  const chains = new Map(tables.map((t) => [t.name, chainOf(t.name)]));
  const resolved = new Map<string, ResolvedTable>();
  for (const def of tables) {
    const chain = chains.get(def.name) ?? [def.name];
    const root = chain[chain.length - 1] ?? def.name;
    const rootDef = defs.get(root) ?? def;
    const hierarchical = rootDef.extendable === true;
    const classes = tables.filter((t) => chains.get(t.name)?.includes(def.name)).map((t) => t.name);
    const fields = new Map<string, ResolvedField>();
    for (const tableName of [...chain].reverse()) {
      const tableDef = defs.get(tableName);
      if (!tableDef) continue;
      if (tableName === root) {
        for (const f of SYSTEM_FIELDS) fields.set(f.name, { ...f, definedOn: root });
        if (hierarchical && !tableDef.fields.some((f) => f.name === 'sys_class_name')) {
          fields.set(CLASS_FIELD.name, { ...CLASS_FIELD, definedOn: root });
        }
      }
      for (const f of tableDef.fields) if (!fields.has(f.name)) fields.set(f.name, { ...f, definedOn: tableName });
    }
    const flagged = [...fields.values()].find((f) => f.display === true)?.name;
    const displayField = flagged ?? DISPLAY_FALLBACKS.find((n) => fields.has(n));
    resolved.set(def.name, { name: def.name, def, chain, physical: root, classes, fields, displayField });
  }
  return resolved;
}
