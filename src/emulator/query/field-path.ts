import type { ResolvedField, ResolvedTable, SchemaRegistry } from '../schema/types.js';
import { quoteIdentifier } from './sql-fragment.js';

/** Dot-walks deeper than this are refused (invalid term): each hop is a nested subquery. */
export const MAX_PATH_HOPS = 6;

/** Hands out unique table aliases (`r1`, `r2`, …) within one compiled statement. */
export interface AliasSource {
  next(prefix: string): string;
}

export function createAliasSource(): AliasSource {
  let n = 0;
  return { next: (prefix) => `${prefix}${++n}` };
}

export interface ResolvedPath {
  /** SQL for the raw stored value (may be NULL); wrap with valueSql() before comparing. */
  readonly sql: string;
  /** The last field of the path, whose type drives the comparison. */
  readonly field: ResolvedField;
}

/**
 * Resolves `caller_id.department.name` from `table` (aliased `alias`) into SQL. Every hop but the last
 * must be a reference field; each hop becomes a correlated scalar subquery on the referenced table's
 * physical table, nested per level: `(SELECT r2."name" FROM "cmn_department" r2 WHERE r2."sys_id" =
 * (SELECT r1."department" FROM "sys_user" r1 WHERE r1."sys_id" = t."caller_id"))`.
 * Returns undefined for an unknown field anywhere in the path, and for password fields.
 */
export function resolvePath(
  schema: SchemaRegistry,
  table: ResolvedTable,
  alias: string,
  path: string,
  aliases: AliasSource,
): ResolvedPath | undefined {
  const names = path.split('.');
  if (names.length > MAX_PATH_HOPS + 1 || names.some((n) => n === '')) return undefined;
  let current = table;
  let sql: string | undefined;
  for (let i = 0; i < names.length; i++) {
    const field = current.fields.get(names[i] ?? '');
    const column = quoteIdentifier(field?.name ?? '');
    // Password fields are write-only: filtering or sorting on them would be an oracle for their value.
    if (!field || !column || field.type === 'password') return undefined;
    if (sql === undefined) {
      sql = `${alias}.${column}`;
    } else {
      const physical = quoteIdentifier(current.physical);
      if (!physical) return undefined;
      const r = aliases.next('r');
      sql = `(SELECT ${r}.${column} FROM ${physical} ${r} WHERE ${r}."sys_id" = ${sql})`;
    }
    if (i === names.length - 1) return { sql, field };
    const target = field.type === 'reference' && field.reference ? schema.table(field.reference) : undefined;
    if (!target) return undefined;
    current = target;
  }
  return undefined;
}

/** The comparable value: NULL is treated exactly like '' (storage contract). */
export function valueSql(raw: string): string {
  return `COALESCE(${raw}, '')`;
}
