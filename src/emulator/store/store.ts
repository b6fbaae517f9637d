import type Database from 'better-sqlite3';
import type { SchemaRegistry } from '../schema/types.js';
import { physicalColumns, physicalTables } from './database.js';

/** A stored row: every value is a string ('' when empty), keyed by column name. */
export type Row = Record<string, string>;

/** Statement cache bound: encoded queries vary without limit, so the cache is cleared when it grows past this. */
const MAX_CACHED_STATEMENTS = 2000;

/**
 * The emulator's data access facade over one better-sqlite3 handle: a prepared-statement cache, a write
 * generation (bumped on every change, so per-generation caches stay correct) and row helpers.
 */
export class Store {
  readonly #statements = new Map<string, Database.Statement>();
  readonly #columns = new Map<string, ReadonlySet<string>>();
  #generation = 0;

  constructor(
    readonly db: Database.Database,
    readonly schema: SchemaRegistry,
  ) {
    this.refreshColumns();
  }

  /** Re-reads the physical columns from the schema (after tables were defined at run time). */
  refreshColumns(): void {
    this.#columns.clear();
    for (const root of physicalTables(this.schema))
      this.#columns.set(root.name, new Set(physicalColumns(this.schema, root.name)));
  }

  /** Increases on every write; caches key on it. */
  get generation(): number {
    return this.#generation;
  }

  /** Marks the data as changed. */
  touch(): void {
    this.#generation++;
  }

  /** A cached prepared statement. */
  prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#statements.clear();
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** The columns of a physical table. */
  columns(physical: string): ReadonlySet<string> {
    return this.#columns.get(physical) ?? new Set();
  }

  /** Inserts one row; unknown columns are dropped, values must already be strings. */
  insert(physical: string, row: Row): void {
    const known = this.columns(physical);
    const names = Object.keys(row).filter((k) => known.has(k));
    const sql = `INSERT INTO "${physical}" (${names.map((n) => `"${n}"`).join(',')}) VALUES (${names.map(() => '?').join(',')})`;
    this.prepare(sql).run(...names.map((n) => row[n] ?? ''));
    this.touch();
  }

  /** Updates the given columns of one row by sys_id. */
  update(physical: string, sysId: string, changes: Row): void {
    const known = this.columns(physical);
    const names = Object.keys(changes).filter((k) => known.has(k) && k !== 'sys_id');
    if (names.length === 0) return;
    const sql = `UPDATE "${physical}" SET ${names.map((n) => `"${n}" = ?`).join(',')} WHERE "sys_id" = ?`;
    this.prepare(sql).run(...names.map((n) => changes[n] ?? ''), sysId);
    this.touch();
  }

  /** Deletes one row by sys_id. */
  delete(physical: string, sysId: string): void {
    this.prepare(`DELETE FROM "${physical}" WHERE "sys_id" = ?`).run(sysId);
    this.touch();
  }

  /** One row by sys_id from a physical table, or undefined. */
  byId(physical: string, sysId: string): Row | undefined {
    return this.prepare(`SELECT * FROM "${physical}" WHERE "sys_id" = ?`).get(sysId) as Row | undefined;
  }

  /** The first row of a logical table whose column equals the value (used for lookups by name). */
  findBy(table: string, column: string, value: string): Row | undefined {
    const resolved = this.schema.table(table);
    if (!resolved || !this.columns(resolved.physical).has(column)) return undefined;
    const classFilter =
      resolved.physical === resolved.name
        ? ''
        : ` AND "sys_class_name" IN (${resolved.classes.map((c) => `'${c}'`).join(',')})`;
    return this.prepare(`SELECT * FROM "${resolved.physical}" WHERE "${column}" = ?${classFilter} LIMIT 1`).get(
      value,
    ) as Row | undefined;
  }

  /** Removes every row of every table (before a reseed). */
  clear(): void {
    this.db.transaction(() => {
      for (const physical of this.#columns.keys()) this.db.exec(`DELETE FROM "${physical}"`);
    })();
    this.touch();
  }
}
