import { formatNumber, newRowDefaults } from '../store/defaults.js';
import { fixedId, randomId } from '../store/ids.js';
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
  const values: string[] = new Array<string>(columns.length);
  store.db.transaction(() => {
    const first = options.fixedNumbering?.start ?? takeNumbers(store, 'incident', count);
    for (let i = 0; i < count; i++) {
      const n = first + i;
      const row: Row = { ...base, ...buildIncident(rand, refs, now, options.spanDays ?? 180) };
      row.sys_id = options.fixedNumbering ? fixedId(`incident:${n}`) : randomId();
      row.number = formatNumber('INC', n);
      row.sys_created_by = 'admin';
      for (let c = 0; c < columns.length; c++) values[c] = row[columns[c] ?? ''] ?? '';
      statement.run(values);
    }
  })();
  store.touch();
  return count;
}
