import type BetterSqlite3 from 'better-sqlite3';
import { ConfigError } from '../../errors/config-error.js';
import { lockFile } from '../sync-lock.js';
import {
  STATE_TABLE,
  type CellValue,
  type ColumnKind,
  type DatabaseTarget,
  type ExistingColumn,
  type StoredSyncState,
} from './database-target.js';
import { targetCall } from './target-error.js';

/** Options of {@link createSqliteTarget}. */
export interface SqliteTargetOptions {
  /** The database file (created when missing). */
  readonly file: string;
  /** How long a write waits for another process's transaction (default 60 s: partitions share one file). */
  readonly busyTimeoutMs?: number;
}

/** Declared types: SQLite keeps the name, so the kind reads back from PRAGMA table_info. */
const SQL_TYPE: Record<ColumnKind, string> = {
  id: 'VARCHAR(32)',
  text: 'TEXT',
  integer: 'INTEGER',
  decimal: 'NUMERIC',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
};

function kindOf(declared: string): ColumnKind | undefined {
  const upper = declared.toUpperCase();
  if (upper === 'VARCHAR(32)' || upper === 'CHAR(32)') return 'id';
  if (upper === 'TEXT' || upper.startsWith('VARCHAR') || upper.startsWith('CHAR')) return 'text';
  if (upper === 'INTEGER' || upper === 'INT' || upper === 'BIGINT') return 'integer';
  if (upper === 'NUMERIC' || upper === 'REAL' || upper.startsWith('DECIMAL') || upper === 'DOUBLE') return 'decimal';
  if (upper === 'BOOLEAN') return 'boolean';
  if (upper === 'TIMESTAMP' || upper === 'DATETIME') return 'timestamp';
  if (upper === 'DATE') return 'date';
  return undefined;
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    const mod = await import('better-sqlite3');
    return (mod as { default?: typeof BetterSqlite3 }).default ?? (mod as unknown as typeof BetterSqlite3);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new ConfigError(
        'SQLite targets need the better-sqlite3 package, which is not installed',
        'Run: npm install better-sqlite3',
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

/**
 * An SQLite target (better-sqlite3) in WAL mode. Timestamps are stored as `YYYY-MM-DD HH:mm:ss` text in UTC
 * and booleans as 0/1, SQLite having neither type. Writes use `BEGIN IMMEDIATE` with a busy timeout, so
 * several processes (partitions) can share the file; the per-table lock is a `<file>.<table>.lock` pid file.
 */
export function createSqliteTarget(options: SqliteTargetOptions): DatabaseTarget {
  const description = `sqlite:${options.file}`;
  let db: BetterSqlite3.Database | undefined;
  const call = <T>(what: string, fn: (d: BetterSqlite3.Database) => T): Promise<T> =>
    targetCall(description, what, [], () => {
      if (!db) throw new Error('not open');
      return fn(db);
    });
  const transaction = <T>(what: string, fn: (d: BetterSqlite3.Database) => T): Promise<T> =>
    call(what, (d) => {
      d.exec('BEGIN IMMEDIATE');
      try {
        const out = fn(d);
        d.exec('COMMIT');
        return out;
      } catch (error) {
        if (d.inTransaction) d.exec('ROLLBACK');
        throw error;
      }
    });

  function readColumns(d: BetterSqlite3.Database, table: string): ExistingColumn[] | undefined {
    const rows = d.prepare(`PRAGMA table_info(${q(table)})`).all() as { name: string; type: string }[];
    if (rows.length === 0) return undefined;
    return rows.map((r) => ({ name: r.name, kind: kindOf(r.type), sqlType: r.type }));
  }

  function saveState(d: BetterSqlite3.Database, s: StoredSyncState): void {
    d.prepare(
      `INSERT INTO ${STATE_TABLE} (table_name, partition_key, state, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (table_name, partition_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
    ).run(s.table, s.partition, s.state, new Date().toISOString());
  }

  return {
    description,
    async open() {
      const Driver = await loadDriver();
      await targetCall(description, 'opening', [], () => {
        db = new Driver(options.file, { timeout: options.busyTimeoutMs ?? 60_000 });
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
      });
      await transaction('creating the state table', (d) => {
        d.exec(
          `CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (table_name TEXT NOT NULL, partition_key TEXT NOT NULL,
           state TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (table_name, partition_key))`,
        );
      });
    },
    close() {
      db?.close();
      db = undefined;
      return Promise.resolve();
    },
    async tryLock(table, partition) {
      const suffix = partition === '' ? '' : `.${partition.replace('/', '-of-')}`;
      try {
        return await lockFile(`${options.file}.${table}${suffix}.lock`, `${table} in ${description}`);
      } catch (error) {
        if (error instanceof ConfigError) return undefined;
        throw error;
      }
    },
    alterTable: (table, change) =>
      transaction(`changing table ${table}`, (d) => {
        const plan = change(readColumns(d, table));
        if (plan.create) {
          const cols = plan.create.map((c, i) => `${q(c.name)} ${SQL_TYPE[c.kind]}${i === 0 ? ' PRIMARY KEY' : ''}`);
          d.exec(`CREATE TABLE ${q(table)} (${cols.join(', ')})`);
        }
        for (const c of plan.add ?? []) d.exec(`ALTER TABLE ${q(table)} ADD COLUMN ${q(c.name)} ${SQL_TYPE[c.kind]}`);
      }),
    columns: (table) => call(`reading the columns of ${table}`, (d) => readColumns(d, table)),
    apply: (batch) =>
      transaction(`writing ${batch.table}`, (d) => {
        if (batch.upserts.length > 0) {
          const names = batch.columns.map((c) => q(c.name));
          const updates = names.slice(1).map((n) => `${n} = excluded.${n}`);
          const insert = d.prepare(
            `INSERT INTO ${q(batch.table)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
             ON CONFLICT ("sys_id") DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
          );
          for (const row of batch.upserts) insert.run(row.map(toSqlite));
        }
        if (batch.deletes.length > 0) {
          const remove = d.prepare(`DELETE FROM ${q(batch.table)} WHERE "sys_id" = ?`);
          for (const id of batch.deletes) remove.run(id);
        }
        saveState(d, batch.state);
      }),
    saveStates: (states, remove = []) =>
      transaction('saving the sync state', (d) => {
        for (const s of states) saveState(d, s);
        const del = d.prepare(`DELETE FROM ${STATE_TABLE} WHERE table_name = ? AND partition_key = ?`);
        for (const s of remove) del.run(s.table, s.partition);
      }),
    readStates: (table) =>
      call('reading the sync state', (d) => {
        const rows = d
          .prepare(
            `SELECT table_name, partition_key, state FROM ${STATE_TABLE}
             WHERE ? IS NULL OR table_name = ? ORDER BY table_name, partition_key`,
          )
          .all(table ?? null, table ?? null) as { table_name: string; partition_key: string; state: string }[];
        return rows.map((r) => ({ table: r.table_name, partition: r.partition_key, state: r.state }));
      }),
    countRows: (table) =>
      call(`counting ${table}`, (d) => {
        if (readColumns(d, table) === undefined) return 0;
        const row = d.prepare(`SELECT count(*) AS n FROM ${q(table)}`).get() as { n: number };
        return row.n;
      }),
  };
}

function toSqlite(value: CellValue): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
