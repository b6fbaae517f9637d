import type Database from 'better-sqlite3';
import { displayDateTime, INTERNAL_FORMAT, WALL_CLOCK_SQL } from '../auth/user-zone.js';
import { loadOptionalPeer, SQLITE_DRIVER } from '../optional-peer.js';
import type { ResolvedTable, SchemaRegistry } from '../schema/types.js';

/** Columns worth an index: the keyset/paging and common filter columns (task, cmdb and user tables). */
const INDEXED = [
  'number',
  'sys_updated_on',
  'sys_created_on',
  'active',
  'state',
  'priority',
  'assignment_group',
  'caller_id',
  'category',
  'name',
  'user_name',
  'element',
  'element_id',
  'token',
  'client_id',
  'serial_number',
];

/** Columns of a physical table whose field type is integer in any class stored in it. */
function integerColumns(schema: SchemaRegistry, physical: string): Set<string> {
  const integers = new Set<string>();
  for (const table of schema.tables()) {
    if (table.physical !== physical) continue;
    for (const field of table.fields.values()) if (field.type === 'integer') integers.add(field.name);
  }
  return integers;
}

/** Every column of a physical table: the union of the fields of every class stored in it. */
export function physicalColumns(schema: SchemaRegistry, physical: string): string[] {
  const columns = new Set<string>();
  for (const table of schema.tables()) {
    if (table.physical !== physical) continue;
    for (const name of table.fields.keys()) columns.add(name);
  }
  return [...columns];
}

/** Roots of the hierarchies: one SQLite table each. */
export function physicalTables(schema: SchemaRegistry): ResolvedTable[] {
  return schema.tables().filter((t) => t.physical === t.name);
}

/**
 * Opens (or creates) the SQLite database and makes sure every physical table and index exists.
 * All columns are TEXT with '' as the empty value (the storage contract); sys_id is the primary key and the
 * implicit rowid gives insertion order.
 */
export async function openDatabase(
  schema: SchemaRegistry,
  dbPath: string | undefined,
): Promise<{ db: Database.Database; isNew: boolean }> {
  const { default: Driver } = await loadOptionalPeer(SQLITE_DRIVER, () => import('better-sqlite3'));
  const db = new Driver(dbPath ?? ':memory:');
  // DATEPART in the caller's time zone: a stored UTC date-time as its wall clock there (query/compile-date-part.ts).
  db.function(WALL_CLOCK_SQL, { deterministic: true }, (stored: unknown, timeZone: unknown) =>
    typeof stored === 'string' && typeof timeZone === 'string'
      ? displayDateTime({ timeZone, ...INTERNAL_FORMAT }, stored)
      : stored,
  );
  if (dbPath !== undefined) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  const existing = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number };
  const isNew = existing.n === 0;
  ensureTables(db, schema);
  return { db, isNew };
}

/** Creates every missing physical table, column and index of the schema (also after run-time schema changes). */
export function ensureTables(db: Database.Database, schema: SchemaRegistry): void {
  for (const root of physicalTables(schema)) {
    const columns = physicalColumns(schema, root.name);
    // NOT NULL DEFAULT '': the storage contract's empty value, so COALESCE(col, '') ≡ col and plans can use
    // indexes. NOCASE: ServiceNow's MySQL collation is case-insensitive, and the query compiler compares
    // with COLLATE NOCASE, so indexes must use the same collation to serve ranges and orderings.
    const defs = columns.map((c) =>
      c === 'sys_id'
        ? `"sys_id" TEXT PRIMARY KEY NOT NULL COLLATE NOCASE`
        : `"${c}" TEXT NOT NULL DEFAULT '' COLLATE NOCASE`,
    );
    db.exec(`CREATE TABLE IF NOT EXISTS "${root.name}" (${defs.join(', ')})`);
    // A database file written by an older emulator lacks fields added to the schema since: add them empty.
    const present = new Set(
      (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(root.name) as { name: string }[]).map((r) => r.name),
    );
    for (const c of columns) {
      if (!present.has(c))
        db.exec(`ALTER TABLE "${root.name}" ADD COLUMN "${c}" TEXT NOT NULL DEFAULT '' COLLATE NOCASE`);
    }
    if (columns.includes('sys_class_name')) {
      // Keyset paging within one class (sys_id > ? ORDER BY sys_id) and counts run on this index alone.
      db.exec(
        `CREATE INDEX IF NOT EXISTS "ix_${root.name}_class_sys_id" ON "${root.name}" ("sys_class_name", "sys_id")`,
      );
    }
    for (const stamp of ['sys_updated_on', 'sys_created_on']) {
      if (!columns.includes(stamp)) continue;
      // Incremental sync pages by (timestamp, sys_id): ORDER BY both with a keyset bound. This index serves that
      // order directly; without it every page sorted the whole table (1 s per page at 100k incidents).
      db.exec(`CREATE INDEX IF NOT EXISTS "ix_${root.name}_${stamp}_sys_id" ON "${root.name}" ("${stamp}", "sys_id")`);
    }
    const integers = integerColumns(schema, root.name);
    for (const column of INDEXED) {
      if (!columns.includes(column)) continue;
      db.exec(`CREATE INDEX IF NOT EXISTS "ix_${root.name}_${column}" ON "${root.name}" ("${column}")`);
      // The query compiler compares integer fields numerically (CAST(col AS REAL) = ?, so '01' matches 1);
      // this expression index serves those filters, e.g. priority=1, in rowid order. COLLATE NOCASE: the
      // CAST keeps the column's collation, and SQLite uses an index only under the comparison's collation.
      if (integers.has(column)) {
        db.exec(
          `CREATE INDEX IF NOT EXISTS "ix_${root.name}_${column}_num" ON "${root.name}" (CAST("${column}" AS REAL) COLLATE NOCASE)`,
        );
      }
    }
  }
}
