import type * as Pg from 'pg';
import type { Client as PgClient } from 'pg';

type PgModule = (typeof Pg)['default'];
import { ConfigError } from '../../errors/config-error.js';
import {
  STATE_TABLE,
  type ColumnKind,
  type DatabaseTarget,
  type ExistingColumn,
  type StoredSyncState,
  type TargetBatch,
} from './database-target.js';
import { targetCall } from './target-error.js';
import { redactDatabaseUrl } from './target-url.js';

/** Options of {@link createPostgresTarget}. */
export interface PostgresTargetOptions {
  /** `postgres://user:password@host:5432/database` (libpq URL; `?sslmode=…` and `?options=…` pass through). */
  readonly connectionString: string;
}

const SQL_TYPE: Record<ColumnKind, string> = {
  id: 'varchar(32)',
  text: 'text',
  integer: 'bigint',
  decimal: 'numeric',
  boolean: 'boolean',
  timestamp: 'timestamptz',
  date: 'date',
};

/** Maps information_schema's data_type back to a kind; other types are reported with their own name. */
function kindOf(dataType: string, maxLength: number | null): ColumnKind | undefined {
  switch (dataType) {
    case 'character varying':
    case 'character':
      return maxLength === 32 ? 'id' : 'text';
    case 'text':
      return 'text';
    case 'bigint':
    case 'integer':
    case 'smallint':
      return 'integer';
    case 'numeric':
    case 'double precision':
    case 'real':
      return 'decimal';
    case 'boolean':
      return 'boolean';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return 'timestamp';
    case 'date':
      return 'date';
    default:
      return undefined;
  }
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Loads the optional `pg` peer dependency, saying in one line what to install when it is missing. */
async function loadPg(): Promise<PgModule> {
  try {
    return (await import('pg')).default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new ConfigError('PostgreSQL targets need the pg package, which is not installed', 'Run: npm install pg', {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * A PostgreSQL target over one `pg` connection. Rows are upserted with `INSERT … SELECT FROM
 * json_populate_recordset(…) ON CONFLICT (sys_id) DO UPDATE`: one statement and one parameter per page, so a
 * page of any width stays under PostgreSQL's 65535-parameter limit. Schema changes take a transaction-level
 * advisory lock, so partitions that start together create the table once.
 */
export function createPostgresTarget(options: PostgresTargetOptions): DatabaseTarget {
  const url = options.connectionString;
  const description = redactDatabaseUrl(url);
  const secrets = passwordOf(url);
  let client: PgClient | undefined;
  const call = <T>(what: string, fn: (c: PgClient) => Promise<T>): Promise<T> =>
    targetCall(description, what, secrets, () => {
      if (!client) throw new Error('not open');
      return fn(client);
    });
  const transaction = <T>(what: string, fn: (c: PgClient) => Promise<T>): Promise<T> =>
    call(what, async (c) => {
      await c.query('BEGIN');
      try {
        const out = await fn(c);
        await c.query('COMMIT');
        return out;
      } catch (error) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });

  async function readColumns(c: PgClient, table: string): Promise<ExistingColumn[] | undefined> {
    const { rows } = await c.query<{ column_name: string; data_type: string; character_maximum_length: number | null }>(
      `SELECT column_name, data_type, character_maximum_length FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    if (rows.length === 0) return undefined;
    return rows.map((r) => ({
      name: r.column_name,
      kind: kindOf(r.data_type, r.character_maximum_length),
      sqlType: r.character_maximum_length ? `${r.data_type}(${r.character_maximum_length})` : r.data_type,
    }));
  }

  async function upsertState(c: PgClient, s: StoredSyncState): Promise<void> {
    await c.query(
      `INSERT INTO ${STATE_TABLE} (table_name, partition_key, state, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (table_name, partition_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      [s.table, s.partition, s.state],
    );
  }

  return {
    description,
    async open() {
      const pg = await loadPg();
      await targetCall(description, 'connecting', secrets, async () => {
        const c = new pg.Client({ connectionString: url, application_name: 'nowrest sync' });
        // A failed connection is still a client with a socket to end.
        c.on('error', () => undefined);
        try {
          await c.connect();
        } catch (error) {
          await c.end().catch(() => undefined);
          throw error;
        }
        client = c;
      });
      await transaction('creating the state table', async (c) => {
        await c.query(`SELECT pg_advisory_xact_lock(hashtext('nowrest sync schema'))`);
        await c.query(
          `CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (table_name text NOT NULL, partition_key text NOT NULL,
           state text NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (table_name, partition_key))`,
        );
      });
    },
    async close() {
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
    async tryLock(table, partition) {
      const key = `nowrest sync ${table} ${partition}`;
      const { rows } = await call('locking', (c) =>
        c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]),
      );
      if (rows[0]?.ok !== true) return undefined;
      return async () => {
        await client?.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      };
    },
    alterTable: (table, change) =>
      transaction(`changing table ${table}`, async (c) => {
        await c.query(`SELECT pg_advisory_xact_lock(hashtext('nowrest sync schema'))`);
        const plan = change(await readColumns(c, table));
        if (plan.create) {
          const cols = plan.create.map(
            (col, i) => `${q(col.name)} ${SQL_TYPE[col.kind]}${i === 0 ? ' PRIMARY KEY' : ''}`,
          );
          await c.query(`CREATE TABLE ${q(table)} (${cols.join(', ')})`);
        }
        for (const col of plan.add ?? []) {
          await c.query(`ALTER TABLE ${q(table)} ADD COLUMN ${q(col.name)} ${SQL_TYPE[col.kind]}`);
        }
      }),
    columns: (table) => call(`reading the columns of ${table}`, (c) => readColumns(c, table)),
    apply: (batch: TargetBatch) =>
      transaction(`writing ${batch.table}`, async (c) => {
        if (batch.upserts.length > 0) {
          const names = batch.columns.map((col) => q(col.name));
          const objects = batch.upserts.map((row) =>
            Object.fromEntries(batch.columns.map((col, i) => [col.name, toPgValue(col.kind, row[i] ?? null)])),
          );
          const updates = names.slice(1).map((n) => `${n} = excluded.${n}`);
          await c.query(
            `INSERT INTO ${q(batch.table)} (${names.join(', ')})
             SELECT ${names.join(', ')} FROM json_populate_recordset(NULL::${q(batch.table)}, $1::json)
             ON CONFLICT ("sys_id") DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
            [JSON.stringify(objects)],
          );
        }
        if (batch.deletes.length > 0) {
          await c.query(`DELETE FROM ${q(batch.table)} WHERE "sys_id" = ANY($1::text[])`, [batch.deletes]);
        }
        await upsertState(c, batch.state);
      }),
    saveStates: (states, remove = []) =>
      transaction('saving the sync state', async (c) => {
        for (const s of states) await upsertState(c, s);
        for (const s of remove) {
          await c.query(`DELETE FROM ${STATE_TABLE} WHERE table_name = $1 AND partition_key = $2`, [
            s.table,
            s.partition,
          ]);
        }
      }),
    readStates: (table) =>
      call('reading the sync state', async (c) => {
        const { rows } = await c.query<{ table_name: string; partition_key: string; state: string }>(
          `SELECT table_name, partition_key, state FROM ${STATE_TABLE}
           WHERE $1::text IS NULL OR table_name = $1 ORDER BY table_name, partition_key`,
          [table ?? null],
        );
        return rows.map((r) => ({ table: r.table_name, partition: r.partition_key, state: r.state }));
      }),
    countRows: (table) =>
      call(`counting ${table}`, async (c) => {
        if ((await readColumns(c, table)) === undefined) return 0;
        const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(table)}`);
        return Number(rows[0]?.n ?? 0);
      }),
  };
}

/** Timestamps are UTC: say so, so a server with another TimeZone setting stores the same instant. */
function toPgValue(kind: ColumnKind, value: string | number | boolean | null): string | number | boolean | null {
  return kind === 'timestamp' && typeof value === 'string' ? `${value}+00` : value;
}

function passwordOf(url: string): string[] {
  try {
    const password = new URL(url).password;
    return password ? [decodeURIComponent(password), password] : [];
  } catch {
    return [];
  }
}
