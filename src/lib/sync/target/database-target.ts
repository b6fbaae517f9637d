/**
 * The database layer of `syncTable(…, { target })`: one small interface, implemented once per database
 * (postgres-target.ts, sqlite-target.ts). A new database (MySQL, DuckDB) is one more file implementing it.
 *
 * Everything ServiceNow-specific (which columns a table has, how values convert, the change streams, the
 * watermark's meaning) lives above this interface; a target only creates tables, adds columns and applies one
 * batch of rows plus the sync state in a single transaction.
 */

/** A column's logical type; each target maps it to its own SQL type. */
export type ColumnKind = 'id' | 'text' | 'integer' | 'decimal' | 'boolean' | 'timestamp' | 'date';

/** One column of a target table. */
export interface ColumnSpec {
  /** Column name: the field name, or `<field>_display` for a display value. */
  readonly name: string;
  readonly kind: ColumnKind;
}

/** A value as handed to a target: already normalised (timestamps `YYYY-MM-DD HH:mm:ss` in UTC, booleans). */
export type CellValue = string | number | boolean | null;

/** One row to upsert, in the order of the `columns` given with it. */
export type RowValues = readonly CellValue[];

/** A table's existing column: its logical kind, or the database's own type name when it maps to none. */
export interface ExistingColumn {
  readonly name: string;
  readonly kind: ColumnKind | undefined;
  /** The type as the database names it, e.g. `character varying(32)`, `BOOLEAN`. */
  readonly sqlType: string;
}

/** One stored sync state row (one per table and partition). */
export interface StoredSyncState {
  readonly table: string;
  /** '' for the table's own state; `K/N` for a partition of an initial load. */
  readonly partition: string;
  /** The state as JSON text (see target-state.ts); a target stores it verbatim. */
  readonly state: string;
}

/** What one transaction applies. */
export interface TargetBatch {
  readonly table: string;
  /** Columns of `rows`; the first is always sys_id. */
  readonly columns: readonly ColumnSpec[];
  /** Rows to insert or update, keyed on sys_id. */
  readonly upserts: readonly RowValues[];
  /** sys_ids to delete. */
  readonly deletes: readonly string[];
  /** The sync state that covers exactly these rows: committed with them or not at all. */
  readonly state: StoredSyncState;
}

/** A database that `syncTable` writes into. */
export interface DatabaseTarget {
  /** What the target is, for messages, with any password masked (e.g. `postgres://app:***@db/reporting`). */
  readonly description: string;
  /** Connects and creates the state table (`nowrest_sync_state`) when missing. */
  open(): Promise<void>;
  close(): Promise<void>;
  /**
   * Takes an exclusive lock on one table's sync (per partition), held until the returned function runs or the
   * process dies; a second sync of the same table and partition is refused rather than interleaved.
   * @returns the release function, or undefined when another process holds the lock.
   */
  tryLock(table: string, partition: string): Promise<(() => Promise<void>) | undefined>;
  /**
   * Runs `change` on the table's columns inside one transaction, serialised across processes (partitions
   * started together all prepare the same table). `existing` is undefined when the table does not exist.
   */
  alterTable(
    table: string,
    change: (existing: readonly ExistingColumn[] | undefined) => {
      readonly create?: readonly ColumnSpec[];
      readonly add?: readonly ColumnSpec[];
    },
  ): Promise<void>;
  /** The table's columns, or undefined when it does not exist. */
  columns(table: string): Promise<readonly ExistingColumn[] | undefined>;
  /** Upserts, deletes and the state, in one transaction. */
  apply(batch: TargetBatch): Promise<void>;
  /** Writes a state row alone (a run's end, a merge of partitions), in its own transaction. */
  saveStates(states: readonly StoredSyncState[], remove?: readonly StoredSyncState[]): Promise<void>;
  /** Every stored state, or those of one table. */
  readStates(table?: string): Promise<StoredSyncState[]>;
  /** Number of rows of a table (0 when it does not exist). */
  countRows(table: string): Promise<number>;
}

/** Table and column names a target accepts: what ServiceNow names look like, so no quoting can go wrong. */
export const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The name of the table holding the watermarks. */
export const STATE_TABLE = 'nowrest_sync_state';
