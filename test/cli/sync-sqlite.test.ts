import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createRow, deleteRow, serverState, updateRow } from '../lib/sync-consumer.js';
import { useEmulatorSandbox } from './cli-harness.js';

const env = useEmulatorSandbox({ seedIncidents: 120 });

function open(file: string): Database.Database {
  return new Database(join(env.sb.dir, file), { readonly: true });
}

/** sys_id → sys_mod_count of the replica, as serverState gives the instance's. */
function replicaState(file: string, table: string): Map<string, string> {
  const db = open(file);
  try {
    const rows = db.prepare(`SELECT sys_id, sys_mod_count FROM ${table}`).all() as {
      sys_id: string;
      sys_mod_count: number | null;
    }[];
    return new Map(rows.map((r) => [r.sys_id, String(r.sys_mod_count ?? '')]));
  } finally {
    db.close();
  }
}

void describe('nowrest sync --to sqlite:FILE', () => {
  void it('loads a table typed from the dictionary, then applies creates, updates and deletes; --status shows it', async () => {
    const first = await env.sb.run(['sync', 'incident', '-c', 'emu', '--to', 'sqlite:replica.db', '--page-size', '50']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /note: incident: created table incident from the instance's dictionary/);
    assert.match(first.stderr, /incident: initial load: \d+ upserted, 0 deleted; watermark \d{4}-\d\d-\d\d /);
    assert.deepEqual(replicaState('replica.db', 'incident'), await serverState(env.url, 'incident'));

    const db = open('replica.db');
    const types = new Map(
      (db.prepare('PRAGMA table_info(incident)').all() as { name: string; type: string; pk: number }[]).map((c) => [
        c.name,
        `${c.type}${c.pk ? ' PK' : ''}`,
      ]),
    );
    db.close();
    // Inherited from task (short_description, opened_at) and incident's own fields, typed by internal_type.
    assert.equal(types.get('sys_id'), 'VARCHAR(32) PK');
    assert.equal(types.get('short_description'), 'TEXT');
    assert.equal(types.get('sys_updated_on'), 'TIMESTAMP');
    assert.equal(types.get('opened_at'), 'TIMESTAMP');
    assert.equal(types.get('active'), 'BOOLEAN');
    assert.equal(types.get('sys_mod_count'), 'INTEGER');
    assert.equal(types.get('caller_id'), 'VARCHAR(32)');
    assert.equal(types.has('caller_id_display'), false, 'display columns only with --display-value all');

    const ids = [...(await serverState(env.url, 'incident')).keys()].sort();
    const created = await createRow(env.url, 'incident', { short_description: 'to sqlite' });
    await updateRow(env.url, 'incident', ids[0]!, { short_description: 'updated for sqlite', active: 'false' });
    await deleteRow(env.url, 'incident', ids[1]!);
    const second = await env.sb.run(['sync', 'incident', '-c', 'emu', '--to', 'sqlite:replica.db', '--json']);
    assert.equal(second.code, 0, second.stderr);
    const result = JSON.parse(second.stdout);
    assert.deepEqual([result.full, result.upserts, result.deletes, result.deletesTracked], [false, 2, 1, true]);
    assert.deepEqual(replicaState('replica.db', 'incident'), await serverState(env.url, 'incident'));
    const check = open('replica.db');
    const row = check.prepare('SELECT short_description, active FROM incident WHERE sys_id = ?').get(ids[0]) as {
      short_description: string;
      active: number;
    };
    assert.deepEqual(row, { short_description: 'updated for sqlite', active: 0 });
    assert.ok(check.prepare('SELECT 1 FROM incident WHERE sys_id = ?').get(created));
    check.close();

    const status = await env.sb.run(['sync', '--status', '--to', 'sqlite:replica.db']);
    assert.equal(status.code, 0, status.stderr);
    const total = (await serverState(env.url, 'incident')).size;
    assert.match(status.stdout, /^TABLE\s+WATERMARK \(UTC\)\s+ROWS\s+LAST RUN \(UTC\)\s+CHANGES/m);
    assert.match(
      status.stdout,
      new RegExp(`^incident\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+${total}\\s+`, 'm'),
    );
    assert.match(status.stdout, /2 up, 1 del/);
  });

  void it('--display-value all adds <field>_display columns for references and choices', async () => {
    const r = await env.sb.run(['sync', 'incident', '-c', 'emu', '--to', 'sqlite:dv.db', '--display-value', 'all']);
    assert.equal(r.code, 0, r.stderr);
    const db = open('dv.db');
    const row = db
      .prepare(`SELECT caller_id, caller_id_display, state, state_display FROM incident WHERE caller_id <> '' LIMIT 1`)
      .get() as Record<string, string | number>;
    db.close();
    assert.match(String(row['caller_id']), /^[0-9a-f]{32}$/);
    assert.ok(String(row['caller_id_display']).length > 0);
    assert.notEqual(String(row['caller_id_display']), String(row['caller_id']));
    assert.notEqual(row['state_display'], undefined);
  });

  void it('several tables in one run; a missing column is added back with ALTER TABLE and reported', async () => {
    const first = await env.sb.run(['sync', 'incident,sys_user', '-c', 'emu', '--to', 'sqlite:multi.db']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /incident: initial load/);
    assert.match(first.stderr, /sys_user: initial load/);
    assert.match(first.stderr, /note: sys_user: not copied: .*user_password \(password: secrets are not copied\)/);
    const users = open('multi.db');
    const columns = (users.prepare('PRAGMA table_info(sys_user)').all() as { name: string }[]).map((c) => c.name);
    users.close();
    assert.equal(columns.includes('user_password'), false, 'secrets are not copied');

    const rw = new Database(join(env.sb.dir, 'multi.db'));
    rw.exec('ALTER TABLE incident DROP COLUMN short_description');
    rw.close();
    const second = await env.sb.run(['sync', 'incident,sys_user', '-c', 'emu', '--to', 'sqlite:multi.db']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /note: incident: added column short_description \(rows synced earlier hold NULL/);
    const status = await env.sb.run(['sync', '--status', '--to', 'sqlite:multi.db', '--json']);
    const rows = JSON.parse(status.stdout) as { table: string; rows: number }[];
    assert.deepEqual(
      rows.map((r) => r.table),
      ['incident', 'sys_user'],
    );
    assert.equal(rows[0]!.rows, (await serverState(env.url, 'incident')).size);
  });

  void it('--cursor sys_created_on copies new rows only and says deletes are not tracked', async () => {
    const args = ['sync', 'incident', '-c', 'emu', '--to', 'sqlite:append.db', '--cursor', 'sys_created_on'];
    const first = await env.sb.run(args);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stderr,
      /--cursor sys_created_on: only rows with a newer sys_created_on are copied; .*deletes are not tracked/,
    );
    assert.match(first.stderr, /\(deletes not tracked\)/);
    const ids = [...(await serverState(env.url, 'incident')).keys()].sort();
    await deleteRow(env.url, 'incident', ids[2]!);
    const created = await createRow(env.url, 'incident', { short_description: 'appended' });
    const second = await env.sb.run([...args, '--json']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(JSON.parse(second.stdout).upserts, 1);
    const replica = replicaState('append.db', 'incident');
    assert.ok(replica.has(created));
    assert.ok(replica.has(ids[2]!), 'the deleted record stays: deletes are not tracked with this cursor');
    const refused = await env.sb.run([...args, '--delete-tables', 'incident']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--delete-tables needs the default cursor/);
  });

  void it('refuses bad targets and changed settings with exit 2 and a fix', async () => {
    const scheme = await env.sb.run(['sync', 'incident', '-c', 'emu', '--to', 'mysql://u:s3cret-pw@h/db']);
    assert.equal(scheme.code, 2);
    assert.match(scheme.stderr, /Unsupported database URL mysql:/);
    assert.doesNotMatch(scheme.stderr, /s3cret-pw/);
    const changed = await env.sb.run([
      'sync',
      'incident',
      '-c',
      'emu',
      '--to',
      'sqlite:replica.db',
      '--query',
      'active=true',
    ]);
    assert.equal(changed.code, 2);
    assert.match(
      changed.stderr,
      /was synced with query "" ; this run has "active=true"|was synced with query ""; this run has "active=true"/,
    );
    const both = await env.sb.run(['sync', 'incident', '-c', 'emu', '--to', 'sqlite:x.db', '--output', 'dir']);
    assert.equal(both.code, 2);
    const partitionFiles = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'dir', '--partition', '0/2']);
    assert.equal(partitionFiles.code, 2);
    const badPartition = await env.sb.run([
      'sync',
      'incident',
      '-c',
      'emu',
      '--to',
      'sqlite:p.db',
      '--partition',
      '4/4',
    ]);
    assert.equal(badPartition.code, 2);
    assert.match(badPartition.stderr, /K from 0 to N-1/);
  });
});
