import { formatNumber, newRowDefaults } from '../store/defaults.js';
import { randomBytes } from 'node:crypto';
import { fixedId } from '../store/ids.js';
import type { Row, Store } from '../store/store.js';
import { buildIncident, type SeedRefs } from './incident-builder.js';
import { createRandom } from './random.js';

/** Reads the sys_ids the generators draw from out of the current data. */
export function readSeedRefs(store: Store): SeedRefs {
  const ids = (sql: string): string[] => (store.prepare(sql).all() as { sys_id: string }[]).map((r) => r.sys_id);
  const agents = store
    .prepare(
      `SELECT m."user" AS user, m."group" AS "group", u."user_name" AS userName FROM "sys_user_grmember" m
       JOIN "sys_user" u ON u."sys_id" = m."user" ORDER BY m.rowid`,
    )
    .all() as { user: string; group: string; userName: string }[];
  const callers = ids(`SELECT "sys_id" FROM "sys_user" WHERE "roles" = '' ORDER BY rowid`);
  const fallback = ids(`SELECT "sys_id" FROM "sys_user" ORDER BY rowid LIMIT 1`);
  return {
    callers: callers.length > 0 ? callers : fallback,
    agents: agents.length > 0 ? agents : fallback.map((user) => ({ user, group: '', userName: 'admin' })),
    cis: ids(`SELECT "sys_id" FROM "cmdb" WHERE "sys_class_name" IN ('cmdb_ci', 'cmdb_ci_server') ORDER BY rowid`),
    companies: ids(`SELECT "sys_id" FROM "core_company" ORDER BY rowid`),
    locations: ids(`SELECT "sys_id" FROM "cmn_location" ORDER BY rowid`),
  };
}

/** Takes `count` numbers from a table's counter and returns the first. */
export function takeNumbers(store: Store, table: string, count: number): number {
  const row = store.prepare(`SELECT "number" FROM "sys_number_counter" WHERE "table" = ?`).get(table) as
    { number: string } | undefined;
  const last = Number(row?.number ?? '10000');
  store.prepare(`UPDATE "sys_number_counter" SET "number" = ? WHERE "table" = ?`).run(String(last + count), table);
  return last + 1;
}

/** From this many rows on, indexes are dropped and rebuilt around the load. */
const BULK_THRESHOLD = 20_000;

export interface GenerateOptions {
  /** Spread of opened_at back from now, in days. */
  readonly spanDays?: number;
  /** Deterministic sys_ids and numbers from this index (used by the seed for INC0000001…). */
  readonly fixedNumbering?: { readonly start: number };
  readonly seed?: number;
}

/**
 * Inserts `count` realistic incidents in one transaction through one prepared statement (fast: 100k rows in
 * a few seconds). Numbers continue the incident counter unless fixedNumbering is given.
 * @returns the number of rows inserted.
 */
export function insertIncidents(store: Store, count: number, now: Date, options: GenerateOptions = {}): number {
  if (count <= 0) return 0;
  const table = store.schema.table('incident');
  if (!table) throw new Error('incident table missing from schema');
  const columns = [...store.columns('task')];
  const sql = `INSERT INTO "task" (${columns.map((c) => `"${c}"`).join(',')}) VALUES (${columns.map(() => '?').join(',')})`;
  const statement = store.prepare(sql);
  const rand = createRandom(options.seed ?? 4242 + count);
  const refs = readSeedRefs(store);
  const base: Row = newRowDefaults(table, '', 'admin', now);
  const position = new Map(columns.map((c, i) => [c, i]));
  const baseValues = columns.map((c) => base[c] ?? '');
  const idAt = position.get('sys_id') ?? 0;
  const numberAt = position.get('number') ?? 0;
  // One random buffer for every id: a crypto call per row would dominate bulk generation.
  const ids = options.fixedNumbering ? '' : randomBytes(16 * count).toString('hex');
  // Bulk loads are much faster into an unindexed table followed by one sorted build per index.
  const rebuild =
    count >= BULK_THRESHOLD
      ? (store.db
          .prepare(
            `SELECT "name", "sql" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task' AND "sql" IS NOT NULL`,
          )
          .all() as { name: string; sql: string }[])
      : [];
  store.db.transaction(() => {
    for (const index of rebuild) store.db.exec(`DROP INDEX "${index.name}"`);
    const first = options.fixedNumbering?.start ?? takeNumbers(store, 'incident', count);
    for (let i = 0; i < count; i++) {
      const n = first + i;
      const values = baseValues.slice();
      const generated = buildIncident(rand, refs, now, options.spanDays ?? 180);
      for (const key in generated) {
        const at = position.get(key);
        if (at !== undefined) values[at] = generated[key] ?? '';
      }
      values[idAt] = options.fixedNumbering ? fixedId(`incident:${n}`) : ids.slice(i * 32, i * 32 + 32);
      values[numberAt] = formatNumber('INC', n);
      statement.run(values);
    }
    for (const index of rebuild) store.db.exec(index.sql);
  })();
  store.touch();
  return count;
}
