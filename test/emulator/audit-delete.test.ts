import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';
import { tableRequest, tableRows, tableWrite } from '../helpers/table-api.js';

const emu = useEmulator({ seed: false, clock: () => new Date(now) }, { resetEach: true });
let now = Date.parse('2026-04-02T08:15:30Z');

interface AuditRow {
  sys_id: string;
  tablename: string;
  documentkey: string;
  display_value: string;
  sys_created_on: string;
  sys_created_by: string;
}

const call = (method: string, path: string, user = 'admin', body?: unknown) =>
  tableRequest(emu, method, path, { body, user });
const audits = (query: string, user = 'admin') => tableRows<AuditRow>(emu, 'sys_audit_delete', query, { user });
const create = (table: string, fields: Record<string, string>) =>
  tableWrite<{ sys_id: string; number: string }>(emu, 'POST', table, fields);

void describe('sys_audit_delete', () => {
  void it('every Table API DELETE writes one row: table, sys_id, display value, time and user', async () => {
    const inc = await create('incident', { short_description: 'to delete' });
    now += 90_000;
    const res = await call('DELETE', `incident/${inc.sys_id}`, 'itil.user');
    assert.equal(res.status, 204);
    const rows = await audits(`documentkey=${inc.sys_id}`);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.tablename, 'incident');
    assert.equal(rows[0]!.display_value, inc.number);
    assert.equal(rows[0]!.sys_created_on, new Date(now).toISOString().slice(0, 19).replace('T', ' '));
    assert.equal(rows[0]!.sys_created_by, 'itil.user');
    assert.match(rows[0]!.sys_id, /^[0-9a-f]{32}$/);
  });

  void it('records the class of the record when it is deleted through a parent table', async () => {
    const inc = await create('incident', { short_description: 'via task' });
    assert.equal((await call('DELETE', `task/${inc.sys_id}`)).status, 204);
    assert.deepEqual(
      (await audits(`documentkey=${inc.sys_id}`)).map((r) => r.tablename),
      ['incident'],
    );
  });

  void it('a DELETE that finds nothing, or is refused, writes no row', async () => {
    const inc = await create('incident', { short_description: 'kept' });
    assert.equal((await call('DELETE', 'incident/00000000000000000000000000000000')).status, 404);
    assert.equal((await call('DELETE', `incident/${inc.sys_id}`, 'readonly.user')).status, 403);
    assert.deepEqual(await audits('tablenameISNOTEMPTY'), []);
  });

  void it('rows can be paged by (sys_created_on, sys_id) when many deletes share one second', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await create('incident', { short_description: `d${i}` })).sys_id);
    for (const id of ids) assert.equal((await call('DELETE', `incident/${id}`)).status, 204);
    const all = await audits('tablename=incident^ORDERBYsys_created_on^ORDERBYsys_id');
    assert.equal(new Set(all.map((r) => r.sys_created_on)).size, 1, 'one shared second');
    const cut = all[4]!;
    const after = await audits(
      `tablename=incident^sys_created_on>${cut.sys_created_on}^NQtablename=incident^sys_created_on=${cut.sys_created_on}^sys_id>${cut.sys_id}^ORDERBYsys_created_on^ORDERBYsys_id`,
    );
    assert.deepEqual(
      after.map((r) => r.documentkey),
      all.slice(5).map((r) => r.documentkey),
    );
    assert.deepEqual(all.map((r) => r.documentkey).sort(), [...ids].sort());
  });

  void it('task readers can read it; only admins can write it', async () => {
    const inc = await create('incident', { short_description: 'audited' });
    assert.equal((await call('DELETE', `incident/${inc.sys_id}`)).status, 204);
    assert.equal((await audits(`documentkey=${inc.sys_id}`, 'itil.user')).length, 1);
    assert.equal((await audits(`documentkey=${inc.sys_id}`, 'readonly.user')).length, 1);
    const forged = await call('POST', 'sys_audit_delete', 'itil.user', { tablename: 'incident', documentkey: 'x' });
    assert.equal(forged.status, 403);
  });
});
