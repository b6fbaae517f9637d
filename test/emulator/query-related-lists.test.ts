// JOIN and RLQUERY…ENDRLQUERY through the Table API, on the seeded data: each answer is checked against the
// same relation worked out by the test from plain list reads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

const list = async (table: string, query: string, fields: string): Promise<Record<string, string>[]> => {
  const url = `${emu.baseUrl()}/${table}?sysparm_query=${encodeURIComponent(query)}&sysparm_fields=${fields}&sysparm_exclude_reference_link=true`;
  const res = await fetch(url, { headers: { authorization: emu.basic() } });
  assert.equal(res.status, 200, `${table} ${query}`);
  return ((await res.json()) as { result: Record<string, string>[] }).result;
};
const ids = async (table: string, query: string): Promise<string[]> =>
  (await list(table, query, 'sys_id')).map((r) => r.sys_id ?? '').sort();
const distinct = (values: (string | undefined)[]): string[] =>
  [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))].sort();

void describe('related-list and join queries', () => {
  void it('RLQUERY counts related rows, with and without the closing ENDRLQUERY', async () => {
    const callers = distinct((await list('incident', 'active=true', 'caller_id')).map((r) => r.caller_id));
    assert.ok(callers.length > 0);
    assert.deepEqual(await ids('sys_user', 'RLQUERYincident.caller_id,>=1^active=true^ENDRLQUERY'), callers);
    assert.deepEqual(await ids('sys_user', 'RLQUERYincident.caller_id,>=1^active=true'), callers);
    const all = await ids('sys_user', '');
    const none = all.filter((id) => !callers.includes(id));
    assert.deepEqual(await ids('sys_user', 'RLQUERYincident.caller_id,=0^active=true^ENDRLQUERY'), none);
  });

  void it('RLQUERY over a many-to-many table (,m2m) with a dot-walked condition', async () => {
    const admins = distinct((await list('sys_user_has_role', 'role.name=admin', 'user')).map((r) => r.user));
    assert.ok(admins.length > 0);
    assert.deepEqual(
      await ids('sys_user', 'RLQUERYsys_user_has_role.user,>=1,m2m^role.name=admin^ENDRLQUERY^ORDERBYname'),
      admins,
    );
    const members = distinct((await list('sys_user_grmember', '', 'group')).map((r) => r.group));
    const empty = (await ids('sys_user_group', '')).filter((id) => !members.includes(id));
    assert.deepEqual(await ids('sys_user_group', 'RLQUERYsys_user_grmember.group,=0^ENDRLQUERY'), empty);
  });

  void it('JOIN keeps the rows that have a matching row in the joined table', async () => {
    const inactive = await ids('sys_user', 'active=false');
    const activeCallers = new Set(await ids('sys_user', 'active=true'));
    const expected = (await list('incident', '', 'sys_id,caller_id'))
      .filter((r) => activeCallers.has(r.caller_id ?? ''))
      .map((r) => r.sys_id ?? '')
      .sort();
    assert.deepEqual(await ids('incident', 'JOINincident.caller_id=sys_user.sys_id!active=true'), expected);
    const reverse = distinct((await list('incident', 'priority=1', 'caller_id')).map((r) => r.caller_id));
    assert.deepEqual(await ids('sys_user', 'JOINsys_user.sys_id=incident.caller_id!priority=1'), reverse);
    assert.ok(inactive.every((id) => !expected.includes(id)));
  });
});
