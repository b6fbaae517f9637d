import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createClient } from '../../src/lib/index.js';
import { planColumns } from '../../src/lib/sync/target/columns.js';
import { openDatabaseTarget } from '../../src/lib/sync/target/open-target.js';
import { prepareTable } from '../../src/lib/sync/target/table-schema.js';
import { CANARIES } from '../helpers/canaries.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { createRow, deleteRow, serverState, updateRow } from '../lib/sync-consumer.js';
import { startCli, injectFault, useEmulatorSandbox } from './cli-harness.js';

const env = useEmulatorSandbox({ seedIncidents: 300 });
let pg: TestPostgres;

async function replica(url: string, table: string): Promise<Map<string, string>> {
  const db = await pgAt(url);
  try {
    const { rows } = await db.query<{ sys_id: string; sys_mod_count: string | null }>(
      `SELECT sys_id, sys_mod_count::text FROM ${table}`,
    );
    return new Map(rows.map((r) => [r.sys_id, r.sys_mod_count ?? '']));
  } finally {
    await db.end();
  }
}

async function pgAt(url: string) {
  const { default: Pg } = await import('pg');
  const client = new Pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

void describe('nowrest sync --to postgres://', () => {
  before(async () => {
    // Both start for real; if PostgreSQL cannot, startPostgres throws saying why and every test here fails.
    pg = await startPostgres();
  });
  after(async () => {
    await pg?.close();
  });

  void it('creates typed columns, mirrors changes, reports a type change without applying it, never prints the password', async () => {
    const url = await pg.createDatabase('typed');
    const first = await env.sb.run(['sync', 'incident', '-c', 'emu', '--to', url, '--display-value', 'all']);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(await replica(url, 'incident'), await serverState(env.url, 'incident'));
    const db = await pgAt(url);
    const types = new Map(
      (
        await db.query<{ column_name: string; data_type: string }>(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'incident'`,
        )
      ).rows.map((r) => [r.column_name, r.data_type]),
    );
    assert.equal(types.get('sys_id'), 'character varying');
    assert.equal(types.get('sys_updated_on'), 'timestamp with time zone');
    assert.equal(types.get('active'), 'boolean');
    assert.equal(types.get('priority'), 'bigint');
    assert.equal(types.get('caller_id'), 'character varying');
    assert.equal(types.get('caller_id_display'), 'text');
    const sample = (await db.query(`SELECT sys_updated_on, active FROM incident LIMIT 1`)).rows[0];
    assert.ok(sample.sys_updated_on instanceof Date);
    assert.equal(typeof sample.active, 'boolean');

    await db.query('ALTER TABLE incident ALTER COLUMN priority TYPE text');
    await db.query('ALTER TABLE incident DROP COLUMN urgency');
    // A record whose priority is not 1 yet, so a priority of 1 in the target could only come from this change.
    const ids = [...(await serverState(env.url, 'incident', 'priority!=1')).keys()].sort();
    await updateRow(env.url, 'incident', ids[3]!, { priority: '1', urgency: '1', short_description: 'typed' });
    const second = await env.sb.run(['sync', 'incident', '-c', 'emu', '--to', url, '--display-value', 'all']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /incident\.priority is text in the target but integer on the instance: not written/);
    assert.match(second.stderr, /added column urgency/);
    const row = (
      await db.query(`SELECT priority, urgency, short_description FROM incident WHERE sys_id = $1`, [ids[3]])
    ).rows[0];
    assert.equal(row.short_description, 'typed');
    assert.equal(row.urgency, '1');
    assert.notEqual(row.priority, '1', 'a column whose type changed is not written');
    const stillText = await db.query(
      `SELECT data_type FROM information_schema.columns WHERE table_name = 'incident' AND column_name = 'priority'`,
    );
    assert.equal(stillText.rows[0].data_type, 'text', 'the type change was not applied');
    await db.end();

    const status = await env.sb.run(['sync', '--status', '--to', url, '--json']);
    assert.equal(status.code, 0, status.stderr);
    const all = [first, second, status].map((r) => r.stdout + r.stderr).join('\n');
    assert.equal(all.includes(pg.password), false, 'the database password never appears');
    assert.match(second.stderr, /postgres:\/\/nowrest:\*\*\*@127\.0\.0\.1/);

    const wrong = url.replace(encodeURIComponent(pg.password), CANARIES.otherPassword);
    const refused = await env.sb.run(['sync', 'incident', '-c', 'emu', '--to', wrong]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /connecting failed: password authentication failed/);
    assert.equal(refused.stderr.includes(CANARIES.otherPassword), false);
  });

  void it('a run that resumes a killed initial load also reads the changes made since the load began', async () => {
    const url = await pg.createDatabase('resumed');
    await injectFault(env.url, { kind: 'latency', latencyMs: 40, probability: 1, path: '/api/now/v2/table/incident' });
    const args = ['sync', 'incident', '-c', 'emu', '--to', url, '--page-size', '5'];
    const proc = startCli(env.sb, args);
    const db = await pgAt(url);
    try {
      // Killed once its first pages are committed, long before the load of 300 rows in pages of 5 can end.
      while ((await db.query(`SELECT to_regclass('incident') AS t`)).rows[0].t === null) await delay(50);
      while ((await db.query(`SELECT count(*)::int AS n FROM incident`)).rows[0].n < 10) await delay(20);
      proc.child.kill('SIGKILL');
      await proc.exited;
      const loaded = (await db.query(`SELECT sys_id FROM incident ORDER BY sys_id`)).rows.map((r) => r.sys_id);
      await updateRow(env.url, 'incident', loaded[0], { short_description: 'changed after the kill' });
      await createRow(env.url, 'incident', { short_description: 'created after the kill' });
    } finally {
      await env.emulator.clearFaults();
      await db.end();
    }
    const finish = await env.sb.spawn([...args, '--json']);
    assert.equal(finish.code, 0, finish.stderr);
    const result = JSON.parse(finish.stdout);
    assert.equal(result.resumed ?? result[0]?.resumed, true, finish.stdout);
    assert.deepEqual(await replica(url, 'incident'), await serverState(env.url, 'incident'));
  });

  void it('killed at 20 random points while the instance changes: no change lost or applied twice', async () => {
    const url = await pg.createDatabase('killed');
    // The table exists (created as sync creates it) before the first run, so a trigger can log every apply.
    const sn = createClient({
      name: 'emu',
      baseUrl: env.url,
      auth: { type: 'basic', username: 'admin', password: 'admin' },
    });
    const plan = planColumns('incident', await sn.schema.fields('incident'), {
      displayValue: false,
      cursor: 'sys_updated_on',
    });
    const target = await openDatabaseTarget(url);
    await prepareTable(target, 'incident', plan.columns, []);
    await target.close();
    await sn.close();
    const db = await pgAt(url);
    try {
      await db.query(`CREATE TABLE applied (sys_id text, sys_mod_count bigint, op text)`);
      await db.query(`CREATE FUNCTION log_applied() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF TG_OP = 'DELETE' THEN INSERT INTO applied VALUES (OLD.sys_id, OLD.sys_mod_count, 'delete'); RETURN OLD; END IF;
        INSERT INTO applied VALUES (NEW.sys_id, NEW.sys_mod_count, 'upsert'); RETURN NEW; END $$`);
      await db.query(`CREATE TRIGGER log_applied AFTER INSERT OR UPDATE OR DELETE ON incident
        FOR EACH ROW EXECUTE FUNCTION log_applied()`);

      await injectFault(env.url, {
        kind: 'latency',
        latencyMs: 25,
        probability: 1,
        path: '/api/now/v2/table/incident',
      });
      const args = ['sync', 'incident', '-c', 'emu', '--to', url, '--page-size', '7'];
      const delays: number[] = [];
      try {
        for (let i = 0; i < 20; i++) {
          const wait = 300 + Math.floor(Math.random() * 2700);
          delays.push(wait);
          const proc = startCli(env.sb, args);
          await delay(wait);
          proc.child.kill('SIGKILL');
          await proc.exited;
          const ids = [...(await serverState(env.url, 'incident')).keys()];
          const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
          await updateRow(env.url, 'incident', pick(), { short_description: `kill ${i}` });
          await updateRow(env.url, 'incident', pick(), { short_description: `kill ${i} again` });
          await createRow(env.url, 'incident', { short_description: `created after kill ${i}` });
          if (i % 2 === 0) await deleteRow(env.url, 'incident', pick());
        }
      } finally {
        await env.emulator.clearFaults();
      }
      const finish = await env.sb.spawn(args);
      assert.equal(finish.code, 0, `${finish.stderr}\nkill delays (ms): ${delays.join(', ')}`);
      assert.deepEqual(
        await replica(url, 'incident'),
        await serverState(env.url, 'incident'),
        `delays ${delays.join(',')}`,
      );
      const repeated = await db.query(
        `SELECT sys_id, sys_mod_count, op, count(*) AS n FROM applied GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      );
      assert.deepEqual(repeated.rows, [], `no change applied twice (kill delays ms: ${delays.join(', ')})`);
      const applied = await db.query(`SELECT count(*)::int AS n FROM applied`);
      assert.ok(applied.rows[0].n >= 300, 'the trigger saw the load');
    } finally {
      await db.end();
    }
  });

  void it('4 partitions as 4 processes load one table into one database; the sorted sys_ids checksum matches', async () => {
    const url = await pg.createDatabase('partitioned');
    const runs = await Promise.all(
      [0, 1, 2, 3].map((k) =>
        env.sb.spawn([
          'sync',
          'incident',
          '-c',
          'emu',
          '--to',
          url,
          '--partition',
          `${k}/4`,
          '--page-size',
          '40',
          '--json',
        ]),
      ),
    );
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const loaded = runs.reduce((n, r) => n + (JSON.parse(r.stdout) as { upserts: number }).upserts, 0);
    const server = [...(await serverState(env.url, 'incident')).keys()].sort();
    assert.equal(loaded, server.length);
    const md5 = createHash('md5').update(server.join(',')).digest('hex');
    const db = await pgAt(url);
    const { rows } = await db.query(
      `SELECT md5(string_agg(sys_id, ',' ORDER BY sys_id COLLATE "C")) AS sum FROM incident`,
    );
    assert.equal(rows[0].sum, md5);

    const again = await env.sb.spawn(['sync', 'incident', '-c', 'emu', '--to', url, '--partition', '2/4']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /partition 2\/4\]: this partition's load already finished; nothing to do/);

    const created = await createRow(env.url, 'incident', { short_description: 'after the partitioned load' });
    const incremental = await env.sb.run(['sync', 'incident', '-c', 'emu', '--to', url, '--json']);
    assert.equal(incremental.code, 0, incremental.stderr);
    const result = JSON.parse(incremental.stdout);
    assert.equal(result.mergedPartitions, 4);
    assert.equal(result.full, false);
    assert.ok(result.upserts >= 1);
    assert.deepEqual(await replica(url, 'incident'), await serverState(env.url, 'incident'));
    assert.ok((await replica(url, 'incident')).has(created));
    const states = await db.query(`SELECT partition_key FROM nowrest_sync_state WHERE table_name = 'incident'`);
    assert.deepEqual(states.rows, [{ partition_key: '' }]);
    await db.end();
    const late = await env.sb.run(['sync', 'incident', '-c', 'emu', '--to', url, '--partition', '0/4']);
    assert.equal(late.code, 2);
    assert.match(late.stderr, /already loaded .*only the initial load is partitioned/);
  });
});
