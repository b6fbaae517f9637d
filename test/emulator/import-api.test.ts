import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';
import { apiCall, tableRows as rowsOf } from '../helpers/table-api.js';

const emu = useEmulator();
async function call(
  method: string,
  path: string,
  body?: unknown,
  user = 'admin',
): Promise<{ status: number; body: any }> {
  const { status, json } = await apiCall(emu, method, path, { body, user });
  return { status, body: json };
}
const tableRows = (table: string, query: string) =>
  rowsOf<Record<string, string>>(emu, table, query, { plainLinks: true });
const unique = (name: string): string => `${name}.${Math.random().toString(36).slice(2, 8)}`;

void describe('POST /api/now/import/{staging_table}', () => {
  void it('inserts, then updates, then ignores the same user, coalescing on user_name', async () => {
    const userName = unique('john.public');
    const first = await call('POST', '/api/now/import/imp_user', {
      user_name: userName,
      first_name: 'John',
      last_name: 'Public',
      email: 'john@example.com',
    });
    assert.equal(first.status, 201);
    assert.match(first.body.import_set, /^ISET\d{7}$/);
    assert.equal(first.body.staging_table, 'imp_user');
    const [entry] = first.body.result;
    const user = (await tableRows('sys_user', `user_name=${userName}`))[0]!;
    assert.deepEqual(entry, {
      transform_map: 'User',
      table: 'sys_user',
      display_name: 'name',
      display_value: 'John Public',
      record_link: `${emu.url}/api/now/table/sys_user/${user.sys_id}`,
      status: 'inserted',
      sys_id: user.sys_id,
    });
    assert.equal(user.email, 'john@example.com');

    const updated = await call('POST', '/api/now/v1/import/imp_user', { user_name: userName, title: 'Director' });
    assert.equal(updated.body.result[0].status, 'updated');
    assert.equal(updated.body.result[0].sys_id, user.sys_id);
    assert.notEqual(updated.body.import_set, first.body.import_set);
    assert.equal((await tableRows('sys_user', `user_name=${userName}`))[0]!.title, 'Director');

    const ignored = await call('POST', '/api/now/import/imp_user', { user_name: userName, title: 'Director' });
    assert.equal(ignored.body.result[0].status, 'ignored');
    assert.equal((await tableRows('sys_user', `user_name=${userName}`)).length, 1);
  });

  void it('maps incident display values (caller name, choice labels) and reports row errors', async () => {
    const caller = (await tableRows('sys_user', 'user_name=abel.tuter'))[0]!;
    const ok = await call('POST', '/api/now/import/u_imp_incident', {
      u_short_description: 'imported via staging',
      u_caller: caller.name,
      u_urgency: '1 - High',
      u_category: 'Network',
    });
    const [entry] = ok.body.result;
    assert.equal(entry.status, 'inserted');
    const incident = (await tableRows('incident', `sys_id=${entry.sys_id}`))[0]!;
    assert.equal(entry.display_value, incident.number);
    assert.equal(incident.caller_id, caller.sys_id);
    assert.equal(incident.urgency, '1');
    assert.equal(incident.category, 'network');

    const again = await call('POST', '/api/now/import/u_imp_incident', {
      u_number: incident.number,
      u_description: 'more detail',
    });
    assert.equal(again.body.result[0].status, 'updated');
    assert.equal((await tableRows('incident', `number=${incident.number}`))[0]!.description, 'more detail');

    for (const [body, pattern] of [
      [{ u_short_description: 'x', u_urgency: 'urgent' }, /Invalid value "urgent" for incident.urgency/],
      [{ u_short_description: 'x', u_caller: 'Nobody At All' }, /No sys_user record named "Nobody At All"/],
    ] as const) {
      const res = await call('POST', '/api/now/import/u_imp_incident', body);
      assert.equal(res.status, 201);
      assert.equal(res.body.result[0].status, 'error');
      assert.match(res.body.result[0].error_message, pattern);
    }
    const noKey = await call('POST', '/api/now/import/imp_user', { first_name: 'Nameless' });
    assert.match(noKey.body.result[0].error_message, /Coalesce field user_name is empty/);
  });

  void it('insertMultiple loads every record into one import set; staging rows are readable', async () => {
    const names = [unique('multi.a'), unique('multi.b')];
    const res = await call('POST', '/api/now/import/imp_user/insertMultiple', {
      records: [{ user_name: names[0], first_name: 'A' }, { first_name: 'no key' }, { user_name: names[1] }],
    });
    assert.equal(res.status, 201);
    assert.match(res.body.import_set_id, /^[0-9a-f]{32}$/);
    assert.match(res.body.multi_import_set_id, /^[0-9a-f]{32}$/);
    const rows = await tableRows('imp_user', `sys_import_set=${res.body.import_set_id}^ORDERBYsys_import_row`);
    assert.deepEqual(
      rows.map((r) => [r.sys_import_row, r.sys_import_state]),
      [
        ['1', 'inserted'],
        ['2', 'error'],
        ['3', 'inserted'],
      ],
    );
    const set = (await tableRows('sys_import_set', `sys_id=${res.body.import_set_id}`))[0]!;
    assert.equal(set.state, 'processed');
    assert.equal(set.table_name, 'imp_user');

    const one = await call('GET', `/api/now/import/imp_user/${rows[0]!.sys_id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.import_set, set.number);
    assert.equal(one.body.result[0].status, 'inserted');
    assert.equal(one.body.result[0].sys_id, rows[0]!.sys_target_sys_id);
    assert.equal((await call('GET', `/api/now/import/imp_user/${'0'.repeat(32)}`)).status, 404);
  });

  void it('needs an import role, and refuses non-staging tables and malformed bodies with a clear 4xx', async () => {
    assert.equal((await call('POST', '/api/now/import/imp_user', { user_name: 'x' }, 'itil.user')).status, 403);
    const cases: [string, unknown, number, RegExp][] = [
      ['/api/now/import/incident', { a: 1 }, 400, /not an import set table/],
      ['/api/now/import/no_such_table', { a: 1 }, 400, /Invalid table/],
      ['/api/now/import/imp_user', '[1,2]', 400, /one JSON object/],
      ['/api/now/import/imp_user', '{oops', 400, /not valid JSON/],
      ['/api/now/import/imp_user/insertMultiple', { records: 'x' }, 400, /records/],
    ];
    for (const [path, body, status, pattern] of cases) {
      const res = await call('POST', path, body);
      assert.equal(res.status, status, path);
      assert.match(`${res.body.error.message} ${res.body.error.detail}`, pattern);
    }
  });

  void it('import requests work inside a batch', async () => {
    const userName = unique('batched.user');
    const res = await call('POST', '/api/now/v1/batch', {
      batch_request_id: '1',
      rest_requests: [
        {
          id: '1',
          method: 'POST',
          url: '/api/now/import/imp_user',
          headers: [{ name: 'Content-Type', value: 'application/json' }],
          body: Buffer.from(JSON.stringify({ user_name: userName })).toString('base64'),
        },
      ],
    });
    const item = res.body.serviced_requests[0];
    assert.equal(item.status_code, 201);
    assert.equal(JSON.parse(Buffer.from(item.body, 'base64').toString()).result[0].status, 'inserted');
    assert.equal((await tableRows('sys_user', `user_name=${userName}`)).length, 1);
  });
});
