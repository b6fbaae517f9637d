import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isHidden } from '../../src/emulator/faults/hide-rows.js';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';

let emu: TestEmulator;
const list = async (query: string, user = 'admin') => {
  const res = await fetch(`${emu.baseUrl()}/incident?${query}`, {
    headers: { authorization: emu.basic(user), accept: 'application/json' },
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { result: { sys_id: string }[] }).result.map((r) => r.sys_id);
};

before(async () => {
  emu = await startEmulator({ seed: { incidents: 400 } });
});
beforeEach(() => emu.clearFaults());
after(() => emu.close());

void describe('hide-rows fault (row-level ACL after sysparm_limit)', () => {
  void it('leaves the same rows out of every list answer, so pages come back short', async () => {
    const all = await list('sysparm_fields=sys_id&sysparm_limit=1000&sysparm_query=ORDERBYsys_id');
    assert.equal(all.length, 400);
    await emu.faults({ kind: 'hide-rows', fraction: 0.3, path: '/api/now/table/incident' });
    const visible = await list('sysparm_fields=sys_id&sysparm_limit=1000&sysparm_query=ORDERBYsys_id');
    const expected = all.filter((id) => !isHidden(id, 0.3));
    assert.deepEqual(visible, expected);
    assert.ok(visible.length < 400 && visible.length > 0, `hid ${400 - visible.length} of 400`);
    // A page of 50 asked for is short, and paging on from it reaches the rows after it.
    const page = await list('sysparm_fields=sys_id&sysparm_limit=50&sysparm_query=ORDERBYsys_id');
    assert.ok(page.length < 50, `page of ${page.length}`);
    assert.deepEqual(page, expected.slice(0, page.length));
    // The rule lasts: a second request hides the same rows.
    assert.deepEqual(await list('sysparm_fields=sys_id&sysparm_limit=1000&sysparm_query=ORDERBYsys_id'), expected);
  });

  void it('with display values "all" it reads sys_id from the value object', async () => {
    await emu.faults({ kind: 'hide-rows', fraction: 0.5 });
    const res = await fetch(`${emu.baseUrl()}/incident?sysparm_display_value=all&sysparm_limit=1000`, {
      headers: { authorization: emu.basic(), accept: 'application/json' },
    });
    const rows = ((await res.json()) as { result: { sys_id: { value: string } }[] }).result;
    assert.ok(rows.length > 0 && rows.length < 400);
    for (const r of rows) assert.equal(isHidden(r.sys_id.value, 0.5), false);
  });

  void it('does not touch single records or errors, and rejects a fraction outside 0..1', async () => {
    const [id] = await list('sysparm_fields=sys_id&sysparm_limit=1');
    await emu.faults({ kind: 'hide-rows', fraction: 1 });
    assert.deepEqual(await list('sysparm_limit=5'), []);
    const one = await fetch(`${emu.baseUrl()}/incident/${id}`, {
      headers: { authorization: emu.basic(), accept: 'application/json' },
    });
    assert.equal(one.status, 200);
    const bad = await fetch(`${emu.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'hide-rows', fraction: 2 }),
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /fraction must be a number in 0\.\.1/);
  });
});
