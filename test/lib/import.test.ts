import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, createClient, NotFoundError, PermissionDeniedError } from '../../src/lib/index.js';
import { useLibClient } from './lib-emulator.js';

const lib = useLibClient();
const unique = (name: string): string => `${name}.${Math.random().toString(36).slice(2, 8)}`;

void describe('client.importSet() against the emulator', () => {
  void it('insert() maps the response to camelCase; the coalesce key makes a second load an update', async () => {
    const userName = unique('lib.import');
    const first = await lib.sn
      .importSet('imp_user')
      .insert({ user_name: userName, first_name: 'Lib', last_name: 'Import' });
    assert.equal(first.stagingTable, 'imp_user');
    assert.match(first.importSet, /^ISET\d+$/);
    const [row] = first.results;
    assert.equal(row?.status, 'inserted');
    assert.equal(row?.transformMap, 'User');
    assert.equal(row?.table, 'sys_user');
    assert.equal(row?.displayValue, 'Lib Import');
    const user = await lib.sn.table('sys_user').get(row.sysId, { fields: ['user_name', 'title'] });
    assert.deepEqual(user, { user_name: userName, title: '' });
    assert.equal(row?.recordLink, `${lib.emu.url}/api/now/table/sys_user/${row.sysId}`);
    const second = await lib.sn.importSet('imp_user').insert({ user_name: userName, title: 'Lead' });
    assert.equal(second.results[0]?.status, 'updated');
    assert.equal(second.results[0]?.sysId, row.sysId);
    const third = await lib.sn.importSet('imp_user').insert({ user_name: userName, title: 'Lead' });
    assert.equal(third.results[0]?.status, 'ignored');
    assert.equal(third.results[0]?.statusMessage, 'No field values changed');
  });

  void it('a row the transform rejects comes back with status error, not a throw', async () => {
    const res = await lib.sn.importSet('u_imp_incident').insert({ u_short_description: 'x', u_impact: 'galactic' });
    assert.equal(res.results[0]?.status, 'error');
    assert.match(res.results[0]?.errorMessage ?? '', /galactic/);
  });

  void it('insertMultiple() names the import set whose staging rows hold the outcome; get() reads one', async () => {
    const names = [unique('multi.one'), unique('multi.two')];
    const res = await lib.sn.importSet('imp_user').insertMultiple(names.map((user_name) => ({ user_name })));
    assert.match(res.importSetId, /^[0-9a-f]{32}$/);
    const rows = await lib.sn
      .table('imp_user')
      .list({ query: `sys_import_set=${res.importSetId}`, fields: ['sys_id', 'user_name', 'sys_import_state'] })
      .toArray({ max: 10 });
    assert.deepEqual(rows.map((r) => r.user_name).sort(), [...names].sort());
    assert.ok(rows.every((r) => r.sys_import_state === 'inserted'));
    const one = await lib.sn.importSet('imp_user').get(rows[0]!.sys_id as string);
    assert.equal(one.results[0]?.status, 'inserted');
    await assert.rejects(lib.sn.importSet('imp_user').get('0'.repeat(32)), NotFoundError);
    await assert.rejects(lib.sn.importSet('imp_user').insertMultiple([]), ConfigError);
  });

  void it('errors: bad names before sending, 403 without an import role', async () => {
    assert.throws(() => lib.sn.importSet('Imp User'), ConfigError);
    const itil = createClient({
      name: 'itil',
      baseUrl: lib.emu.baseUrl(),
      auth: { type: 'basic', username: 'itil.user', password: 'itil' },
    });
    try {
      await assert.rejects(itil.importSet('imp_user').insert({ user_name: 'x' }), PermissionDeniedError);
    } finally {
      await itil.close();
    }
  });
});
