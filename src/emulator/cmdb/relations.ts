import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { newRowDefaults } from '../store/defaults.js';
import { fixedId, randomId } from '../store/ids.js';
import type { Row } from '../store/store.js';
import { createRecord } from '../table/record-ops.js';

/** A relation type by sys_id or by name (`Runs on::Runs`). */
export function relationType(ctx: EmulatorContext, key: { sysId?: string; name?: string }): Row | undefined {
  if (key.sysId !== undefined) return ctx.store.byId('cmdb_rel_type', key.sysId);
  return ctx.store.findBy('cmdb_rel_type', 'name', key.name ?? '');
}

export function findRelation(ctx: EmulatorContext, parent: string, child: string, type: string): Row | undefined {
  return ctx.store
    .prepare(`SELECT * FROM "cmdb_rel_ci" WHERE "parent" = ? AND "child" = ? AND "type" = ? LIMIT 1`)
    .get(parent, child, type) as Row | undefined;
}

/** Inserts the relation unless the same (parent, child, type) exists; returns it and whether it is new. */
export function ensureRelation(
  ctx: EmulatorContext,
  caller: Caller,
  parent: string,
  child: string,
  type: string,
): { row: Row; inserted: boolean } {
  const existing = findRelation(ctx, parent, child, type);
  if (existing) return { row: existing, inserted: false };
  const table = ctx.schema.table('cmdb_rel_ci');
  if (!table) throw new Error('cmdb: table cmdb_rel_ci missing from the schema');
  const row = createRecord(
    ctx,
    table,
    { changes: { parent, child, type }, journal: [], setsPriority: false, rejected: [] },
    caller,
  );
  return { row, inserted: true };
}

const TYPES = [
  ['Depends on::Used by', 'Depends on', 'Used by'],
  ['Runs on::Runs', 'Runs on', 'Runs'],
  ['Hosted on::Hosts', 'Hosted on', 'Hosts'],
  ['Contains::Contained by', 'Contains', 'Contained by'],
  ['Connects to::Connected by', 'Connects to', 'Connected by'],
  ['IP Connection::IP Connection', 'IP Connection', 'IP Connection'],
] as const;

/** Adds the common relation types (by name) that a database lacks; the demo seed has the first two. */
export function ensureRelationTypes(ctx: EmulatorContext): void {
  const table = ctx.schema.table('cmdb_rel_type');
  if (!table) return;
  ctx.db.transaction(() => {
    for (const [name, parentDescriptor, childDescriptor] of TYPES) {
      if (ctx.store.findBy('cmdb_rel_type', 'name', name)) continue;
      const label = name.startsWith('Depends') ? 'depends' : name.startsWith('Runs') ? 'runs' : name;
      const sysId = ctx.store.byId('cmdb_rel_type', fixedId(`cmdb_rel_type:${label}`))
        ? randomId()
        : fixedId(`cmdb_rel_type:${label}`);
      ctx.store.insert('cmdb_rel_type', {
        ...newRowDefaults(table, sysId, 'admin', ctx.clock()),
        name,
        parent_descriptor: parentDescriptor,
        child_descriptor: childDescriptor,
      });
    }
  })();
}
