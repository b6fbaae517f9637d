import { ConfigError } from '../../errors/config-error.js';
import type { MappedColumn } from './columns.js';
import type { ColumnKind, DatabaseTarget } from './database-target.js';

/** A column whose type in the target differs from what the dictionary now says: reported, never altered. */
export interface TypeChange {
  readonly column: string;
  /** The kind the dictionary maps to now. */
  readonly instance: ColumnKind;
  /** The column's type in the target. */
  readonly target: string;
}

/** What a run did to (or found in) the target table's shape. */
export interface SchemaChanges {
  /** The table was created by this run. */
  readonly created: boolean;
  /** Columns added with ALTER TABLE … ADD COLUMN (rows synced earlier hold NULL there until they change). */
  readonly added: readonly string[];
  /** Columns left unwritten because their type changed; migrate them yourself (or drop them to have them re-added). */
  readonly typeChanges: readonly TypeChange[];
  /** Fields not copied at all, with the reason. */
  readonly skipped: readonly string[];
}

/** id and text are both strings: a varchar(32) column re-typed as text (or back) is no type change. */
function compatible(a: ColumnKind, b: ColumnKind | undefined): boolean {
  if (a === b) return true;
  const strings: (ColumnKind | undefined)[] = ['id', 'text'];
  return strings.includes(a) && strings.includes(b);
}

/**
 * Creates the table, or adds the columns it lacks, in one transaction serialised across processes. Columns
 * whose type changed are reported and left out of the writes: changing a column's type can fail or lose data
 * (text into integer), so that is the operator's decision.
 *
 * @returns the changes and the columns the run may write.
 */
export async function prepareTable(
  target: DatabaseTarget,
  table: string,
  columns: readonly MappedColumn[],
  skipped: readonly string[],
): Promise<{ changes: SchemaChanges; writable: MappedColumn[] }> {
  let created = false;
  let added: string[] = [];
  let typeChanges: TypeChange[] = [];
  await target.alterTable(table, (existing) => {
    if (existing === undefined) {
      created = true;
      return { create: columns };
    }
    const have = new Map(existing.map((c) => [c.name, c]));
    if (!have.has('sys_id')) {
      throw new ConfigError(
        `Table ${table} in ${target.description} has no sys_id column, so it is not a table nowrest synced`,
        `Sync into another database (or schema), or rename that table`,
      );
    }
    const add = columns.filter((c) => !have.has(c.name));
    added = add.map((c) => c.name);
    typeChanges = columns.flatMap((c) => {
      const found = have.get(c.name);
      return found && !compatible(c.kind, found.kind)
        ? [{ column: c.name, instance: c.kind, target: found.sqlType }]
        : [];
    });
    return { add };
  });
  const blocked = new Set(typeChanges.map((t) => t.column));
  return {
    changes: { created, added, typeChanges, skipped },
    writable: columns.filter((c) => !blocked.has(c.name)),
  };
}
