/**
 * `npm run bench -- sync-postgres`: `nowrest sync --to postgres://` against a throwaway PostgreSQL cluster
 * (test/helpers/postgres.ts) and the emulator in its own process.
 * - Initial load of BENCH_SYNC_LARGE incidents (default 200k): records/s beside, in the same run, a COPY of the
 *   same rows from NDJSON (COPY into a staging json column, then INSERT … SELECT json_populate_record into a
 *   typed table: the usual fast way to land NDJSON in typed PostgreSQL). Target >= 0.5x of COPY.
 *   The sync figure includes reading every row over HTTP from the emulator; the write path alone (the same rows
 *   handed to the PostgreSQL target in pages, as sync does) is shown too.
 * - Incremental runs after BENCH_SYNC_CHANGES changes (default 1,000) at two table sizes, and after twice as
 *   many: time should follow the changes, not the table.
 * - Peak RSS of the loading process at BENCH_SYNC_SMALL (default 100k) and BENCH_SYNC_LARGE: flat as it grows.
 */
import { writeFile, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../test/helpers/postgres.js';
import { createPostgresTarget } from '../src/lib/index.js';
import { BASIC_AUTH, envInt } from './support/lib-client.js';
import { startChild, stopChild } from './support/child.js';
import { fmt, mb, report } from './support/stats.js';

const SMALL = envInt('BENCH_SYNC_SMALL', 100_000);
const LARGE = envInt('BENCH_SYNC_LARGE', 200_000);
const CHANGES = envInt('BENCH_SYNC_CHANGES', 1_000);
const PAGE = envInt('BENCH_PAGE_SIZE', 1000);

interface SyncRun {
  readonly records: number;
  readonly seconds: number;
  readonly peakRssBytes: number;
}

async function syncIn(emulatorUrl: string, dbUrl: string): Promise<SyncRun> {
  // The URL holds the password: handed over in the environment, not in argv.
  process.env['NOWREST_SYNC_TO'] = dbUrl;
  const { line, child } = await startChild('bench/support/sync-child.ts', [emulatorUrl, String(PAGE)]);
  delete process.env['NOWREST_SYNC_TO'];
  await stopChild(child);
  return JSON.parse(line) as SyncRun;
}

async function grow(url: string, count: number): Promise<void> {
  const res = await fetch(`${url}/__emulator/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: BASIC_AUTH },
    body: JSON.stringify({ table: 'incident', count }),
  });
  if (!res.ok) throw new Error(`generate ${count}: HTTP ${res.status} ${await res.text()}`);
}

/** `count` PATCHes of distinct incidents (ten at a time), each a new version for sync to pick up. */
async function change(url: string, count: number, round: string): Promise<void> {
  const res = await fetch(`${url}/api/now/table/incident?sysparm_fields=sys_id&sysparm_limit=${count}`, {
    headers: { authorization: BASIC_AUTH, accept: 'application/json' },
  });
  const list = ((await res.json()) as { result: { sys_id: string }[] }).result;
  for (let i = 0; i < list.length; i += 10) {
    await Promise.all(
      list.slice(i, i + 10).map(async (r) => {
        const patch = await fetch(`${url}/api/now/table/${'incident'}/${r.sys_id}`, {
          method: 'PATCH',
          headers: { authorization: BASIC_AUTH, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ short_description: `bench change ${round}` }),
        });
        await patch.arrayBuffer();
      }),
    );
  }
}

/** COPY of the NDJSON of `table`'s rows into a typed copy of it; returns seconds. */
async function copyBaseline(dbUrl: string): Promise<{ seconds: number; rows: number }> {
  const { default: Pg } = await import('pg');
  const c = new Pg.Client({ connectionString: dbUrl });
  await c.connect();
  const file = join(tmpdir(), `nowrest-bench-${process.pid}.ndjson`);
  try {
    const { rows } = await c.query<{ doc: string }>('SELECT row_to_json(i)::text AS doc FROM incident i');
    await writeFile(file, rows.map((r) => `${r.doc}\n`).join(''));
    await chmod(file, 0o644);
    await c.query('CREATE TABLE incident_copy (LIKE incident INCLUDING ALL)');
    await c.query('CREATE UNLOGGED TABLE raw_ndjson (doc json)');
    const started = performance.now();
    // CSV with quote and delimiter bytes that never occur in JSON text: each line lands verbatim.
    await c.query(`COPY raw_ndjson (doc) FROM '${file}' WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')`);
    await c.query(
      'INSERT INTO incident_copy SELECT r.* FROM raw_ndjson, json_populate_record(NULL::incident_copy, raw_ndjson.doc) r',
    );
    return { seconds: (performance.now() - started) / 1000, rows: rows.length };
  } finally {
    await c.end();
    await rm(file, { force: true });
  }
}

/** The PostgreSQL target's write path alone: the table's rows re-applied in pages, one transaction each. */
async function writePath(dbUrl: string): Promise<{ seconds: number; rows: number }> {
  const { default: Pg } = await import('pg');
  const c = new Pg.Client({ connectionString: dbUrl });
  await c.connect();
  const cols = (
    await c.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'incident' ORDER BY ordinal_position`,
    )
  ).rows;
  const { rows } = await c.query<Record<string, unknown>>(
    `SELECT ${cols.map((x) => `"${x.column_name}"::text`).join(', ')} FROM incident`,
  );
  await c.query('CREATE TABLE incident_rewrite (LIKE incident INCLUDING ALL)');
  await c.end();
  const kinds: Record<string, 'id' | 'text' | 'integer' | 'decimal' | 'boolean' | 'timestamp' | 'date'> = {
    'character varying': 'id',
    bigint: 'integer',
    numeric: 'decimal',
    boolean: 'boolean',
    'timestamp with time zone': 'timestamp',
    date: 'date',
  };
  const columns = cols.map((x) => ({ name: x.column_name, kind: kinds[x.data_type] ?? 'text' }));
  const target = createPostgresTarget({ connectionString: dbUrl });
  await target.open();
  const started = performance.now();
  for (let i = 0; i < rows.length; i += PAGE) {
    const page = rows
      .slice(i, i + PAGE)
      .map((r) =>
        Object.values(r).map((v) =>
          typeof v === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00$/.test(v)
            ? v.slice(0, 19)
            : (v as string | null),
        ),
      );
    await target.apply({
      table: 'incident_rewrite',
      columns,
      upserts: page,
      deletes: [],
      state: { table: 'bench', partition: '', state: JSON.stringify({ at: i }) },
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await target.close();
  return { seconds, rows: rows.length };
}

export async function runSyncPostgres(): Promise<void> {
  if (LARGE <= SMALL) throw new Error(`BENCH_SYNC_LARGE (${LARGE}) must be above BENCH_SYNC_SMALL (${SMALL})`);
  const pg = await startPostgres();
  const emu = await startChild('bench/support/serve-emulator.ts', [String(SMALL)]);
  try {
    const smallDb = await pg.createDatabase('small');
    const small = await syncIn(emu.line, smallDb);
    await change(emu.line, CHANGES, 'a');
    const smallIncr = await syncIn(emu.line, smallDb);

    await grow(emu.line, LARGE - SMALL);
    const largeDb = await pg.createDatabase('large');
    const large = await syncIn(emu.line, largeDb);
    await change(emu.line, CHANGES, 'b');
    const largeIncr = await syncIn(emu.line, largeDb);
    await change(emu.line, CHANGES * 2, 'c');
    const largeIncr2 = await syncIn(emu.line, largeDb);

    const copy = await copyBaseline(largeDb);
    const write = await writePath(largeDb);
    const rate = (n: number, s: number) => `${fmt(n / s)} records/s (${fmt(n)} in ${fmt(s, 1)} s)`;
    const copyRate = copy.rows / copy.seconds;
    report(`sync-postgres: incident into PostgreSQL 15, page size ${PAGE}, emulator in its own process`, [
      [
        `initial load of ${fmt(large.records)} (sync, HTTP from the emulator included)`,
        rate(large.records, large.seconds),
      ],
      ['  write path alone (same rows, PostgreSQL target, pages)', rate(write.rows, write.seconds)],
      ['baseline: COPY of the same rows from NDJSON (+ typed INSERT)', rate(copy.rows, copy.seconds)],
      ['ratio sync / COPY (target >= 0.5)', fmt(large.records / large.seconds / copyRate, 2)],
      ['ratio write path / COPY', fmt(write.rows / write.seconds / copyRate, 2)],
      [
        `incremental, ${fmt(CHANGES)} changes, table ${fmt(SMALL)}`,
        `${fmt(smallIncr.seconds, 2)} s (${fmt(smallIncr.records)} upserts)`,
      ],
      [
        `incremental, ${fmt(CHANGES)} changes, table ${fmt(LARGE)}`,
        `${fmt(largeIncr.seconds, 2)} s (${fmt(largeIncr.records)} upserts)`,
      ],
      [
        `incremental, ${fmt(CHANGES * 2)} changes, table ${fmt(LARGE)}`,
        `${fmt(largeIncr2.seconds, 2)} s (${fmt(largeIncr2.records)} upserts)`,
      ],
      [`peak RSS, load of ${fmt(small.records)}`, mb(small.peakRssBytes)],
      [`peak RSS, load of ${fmt(large.records)}`, mb(large.peakRssBytes)],
      ['ratio RSS large/small (target ~1.0: flat)', fmt(large.peakRssBytes / small.peakRssBytes, 2)],
    ]);
  } finally {
    await stopChild(emu.child);
    await pg.close();
  }
}
