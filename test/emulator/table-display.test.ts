import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedId } from '../../src/emulator/index.js';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();
/** INC0000001 has seeded journal entries and a caller. */
const INC1 = fixedId('incident:1');
const FIELDS = 'sysparm_fields=number,state,caller_id,sys_domain,comments,cmdb_ci,sys_class_name';

const one = async (query: string, version: 'v1' | 'v2' | '' = '') => {
  const res = await fetch(`${emu.baseUrl(version)}/incident/${INC1}?${query}`, {
    headers: { authorization: emu.basic() },
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { result: Record<string, any> }).result;
};

void describe('display values', () => {
  void it('false: plain strings, references as {link,value} with the request version, journals empty', async () => {
    const r = await one(FIELDS, 'v2');
    assert.equal(r.number, 'INC0000001');
    assert.match(r.state, /^\d+$/);
    assert.deepEqual(Object.keys(r.caller_id), ['link', 'value']);
    assert.equal(r.caller_id.link, `${emu.url}/api/now/v2/table/sys_user/${r.caller_id.value}`);
    assert.match(r.caller_id.value, /^[0-9a-f]{32}$/);
    assert.deepEqual(r.sys_domain, { link: `${emu.url}/api/now/v2/table/sys_user_group/global`, value: 'global' });
    assert.equal(r.comments, '');
    assert.equal(r.sys_class_name, 'incident');
  });

  void it('false with exclude_reference_link: references are bare sys_ids', async () => {
    const r = await one(`${FIELDS}&sysparm_exclude_reference_link=true`);
    assert.match(r.caller_id, /^[0-9a-f]{32}$/);
    assert.equal(r.sys_domain, 'global');
  });

  void it('true (any case): choice labels, reference {display_value,link}, journal text newest first', async () => {
    const r = await one(`${FIELDS}&sysparm_display_value=True`, 'v1');
    assert.ok(['New', 'In Progress', 'On Hold', 'Resolved', 'Closed', 'Canceled'].includes(r.state), r.state);
    assert.deepEqual(Object.keys(r.caller_id), ['display_value', 'link']);
    assert.ok(r.caller_id.link.startsWith(`${emu.url}/api/now/v1/table/sys_user/`));
    assert.match(r.caller_id.display_value, /^[A-Z][a-z]+ [A-Z][a-z]+$/);
    assert.match(r.comments, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d - Abel Tuter \(Additional comments\)\nCustomer reports/);
    assert.equal(r.sys_class_name, 'Incident');
    const bare = await one(`${FIELDS}&sysparm_display_value=true&sysparm_exclude_reference_link=true`);
    assert.equal(bare.caller_id, r.caller_id.display_value);
  });

  void it('all: {display_value,value} everywhere, references add link, empty references are empty pairs', async () => {
    const r = await one(`sysparm_fields=number,state,caller_id,cmdb_ci,closed_by,comments&sysparm_display_value=ALL`);
    assert.deepEqual(Object.keys(r.number), ['display_value', 'value']);
    assert.equal(r.number.value, 'INC0000001');
    assert.match(r.state.value, /^\d$/);
    assert.notEqual(r.state.display_value, r.state.value);
    assert.deepEqual(Object.keys(r.caller_id), ['display_value', 'link', 'value']);
    assert.ok(r.comments.display_value.includes('(Additional comments)'));
    assert.equal(r.comments.value, '');
    const emptyRef = await fetch(
      `${emu.baseUrl()}/incident?sysparm_query=cmdb_ciISEMPTY&sysparm_limit=1&sysparm_fields=cmdb_ci&sysparm_display_value=all`,
      {
        headers: { authorization: emu.basic() },
      },
    );
    const row = ((await emptyRef.json()) as { result: Record<string, any>[] }).result[0]!;
    assert.deepEqual(row.cmdb_ci, { display_value: '', value: '' });
    const plainEmpty = await fetch(
      `${emu.baseUrl()}/incident?sysparm_query=cmdb_ciISEMPTY&sysparm_limit=1&sysparm_fields=cmdb_ci`,
      {
        headers: { authorization: emu.basic() },
      },
    );
    assert.equal(((await plainEmpty.json()) as { result: Record<string, any>[] }).result[0]!.cmdb_ci, '');
  });

  void it('list and single-record rendering agree (SQL-built and JavaScript-built JSON)', async () => {
    const list = await fetch(`${emu.baseUrl()}/incident?sysparm_query=sys_id=${INC1}`, {
      headers: { authorization: emu.basic() },
    });
    const fromList = ((await list.json()) as { result: unknown[] }).result[0];
    const single = await one('');
    assert.deepEqual(fromList, single);
    const user = (
      (await (
        await fetch(`${emu.baseUrl()}/sys_user?sysparm_limit=1`, { headers: { authorization: emu.basic() } })
      ).json()) as { result: Record<string, unknown>[] }
    ).result[0]!;
    assert.equal(user.user_password, '********', 'a password shows only the mask');
  });
});
