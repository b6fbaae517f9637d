// Shared fixture for the encoded-query compiler tests: loads query-fixture-data.ts into an in-memory
// SQLite database (one TEXT table per hierarchy root) and runs compiled queries the way the store will.
import Database from 'better-sqlite3';
import { createSchemaRegistry } from '../../src/emulator/schema/registry.js';
import type { SchemaRegistry } from '../../src/emulator/schema/types.js';
import { compileEncodedQuery } from '../../src/emulator/query/compile.js';
import type { CompiledQuery } from '../../src/emulator/query/types.js';
import type { Row } from './query-fixture-data.js';
import { DEPARTMENTS, TABLES, TASKS, USERS } from './query-fixture-data.js';

/** The fixed clock for javascript: date functions: Wednesday 2026-06-17 12:00:00 UTC. */
export const NOW = new Date('2026-06-17T12:00:00Z');
/** The calling user (javascript:gs.getUserID(), DYNAMIC "Me"). */
export const USER_ID = 'u1';

export interface Fixture {
  readonly schema: SchemaRegistry;
  readonly db: Database.Database;
  compile(table: string, query: string): CompiledQuery;
  /** Compiles and runs `query` on `table` (with the class restriction E's store adds); returns sys_ids in order. */
  run(table: string, query: string): { ids: string[]; compiled: CompiledQuery };
  close(): void;
}

export function createFixture(): Fixture {
  const schema = createSchemaRegistry(TABLES);
  const db = new Database(':memory:');
  const data: Record<string, Row[]> = { cmn_department: DEPARTMENTS, sys_user: USERS, task: TASKS };
  for (const root of schema.tables().filter((t) => t.physical === t.name)) {
    const columns = new Set<string>();
    for (const t of schema.tables().filter((x) => x.physical === root.name))
      for (const c of t.fields.keys()) columns.add(c);
    const list = [...columns];
    db.exec(`CREATE TABLE "${root.name}" (${list.map((c) => `"${c}" TEXT`).join(', ')})`);
    const insert = db.prepare(
      `INSERT INTO "${root.name}" (${list.map((c) => `"${c}"`).join(', ')}) VALUES (${list.map(() => '?').join(', ')})`,
    );
    for (const row of data[root.name] ?? []) insert.run(...list.map((c) => row[c] ?? null));
  }
  const compile = (table: string, query: string): CompiledQuery =>
    compileEncodedQuery(query, { schema, table, now: NOW, userId: USER_ID });
  return {
    schema,
    db,
    compile,
    run(table, query) {
      const resolved = schema.table(table);
      if (!resolved) throw new Error(`no table ${table}`);
      const compiled = compile(table, query);
      const classFilter = resolved.fields.has('sys_class_name')
        ? `t."sys_class_name" IN (${resolved.classes.map((c) => `'${c}'`).join(', ')})`
        : '1=1';
      const order = [...compiled.orderBy.map((o) => `${o.sql}${o.desc ? ' DESC' : ''}`), 't."sys_id"'].join(', ');
      const sql = `SELECT t."sys_id" AS id FROM "${resolved.physical}" t WHERE ${classFilter} AND (${compiled.where}) ORDER BY ${order}`;
      const rows = db.prepare(sql).all(...compiled.params) as { id: string }[];
      return { ids: rows.map((r) => r.id), compiled };
    },
    close: () => db.close(),
  };
}
