// Encoded-query terms whose value does not fit the field's type, and =NULL / !=NULL, over HTTP against the
// seeded emulator. Reference §3 drops only terms with an unknown field or operator; a mistyped value must
// keep its term and match nothing, or the filter would widen to the whole table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

/** X-Total-Count and the rows of a list, asked with the sys_id only. */
const list = async (table: string, search: string): Promise<{ total: number; ids: string[] }> => {
  const res = await fetch(`${emu.baseUrl()}/${table}?sysparm_fields=sys_id&${search}`, {
    headers: { authorization: emu.basic() },
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { result: { sys_id: string }[] };
  return { total: Number(res.headers.get('x-total-count')), ids: body.result.map((r) => r.sys_id) };
};
const query = (table: string, q: string) => list(table, `sysparm_query=${encodeURIComponent(q)}`);

void describe('typed query values', () => {
  for (const q of ['state=Closed', 'priority=High', 'active=yes', 'opened_at>notadate', 'priorityINabc,def']) {
    void it(`${q} matches nothing instead of every incident`, async () => {
      const all = await query('incident', '');
      assert.ok(all.total > 0);
      const r = await query('incident', q);
      assert.equal(r.total, 0);
      assert.deepEqual(r.ids, []);
    });
  }

  void it('IN keeps the items that fit: priorityIN1,abc equals priority=1', async () => {
    const one = await query('incident', 'priority=1');
    assert.ok(one.total > 0);
    const mixed = await query('incident', 'priorityIN1,abc');
    assert.deepEqual(mixed.ids.sort(), one.ids.sort());
  });

  void it('a mistyped term OR-ed with a valid one leaves the valid one in force', async () => {
    const one = await query('incident', 'priority=1');
    const r = await query('incident', 'active=yes^ORpriority=1');
    assert.deepEqual(r.ids.sort(), one.ids.sort());
  });

  void it('the Aggregate API counts nothing for a mistyped term', async () => {
    const res = await fetch(`${emu.url}/api/now/stats/incident?sysparm_count=true&sysparm_query=state%3DClosed`, {
      headers: { authorization: emu.basic() },
    });
    assert.deepEqual(await res.json(), { result: { stats: { count: '0' } } });
  });

  void it('name=value display values still work (state=In Progress)', async () => {
    const byValue = await query('incident', 'state=2');
    assert.ok(byValue.total > 0);
    const byLabel = await list('incident', 'state=In%20Progress');
    assert.deepEqual(byLabel.ids.sort(), byValue.ids.sort());
  });
});

void describe('=NULL and !=NULL', () => {
  void it('sys_dictionary name=incident^element!=NULL lists columns, element=NULL the collection row', async () => {
    const columns = await query('sys_dictionary', 'name=incident^element!=NULL');
    const notEmpty = await query('sys_dictionary', 'name=incident^elementISNOTEMPTY');
    assert.ok(columns.total > 5);
    assert.deepEqual(columns.ids.sort(), notEmpty.ids.sort());
    const collection = await query('sys_dictionary', 'name=incident^element=NULL');
    const empty = await query('sys_dictionary', 'name=incident^elementISEMPTY');
    assert.equal(collection.total, 1);
    assert.deepEqual(collection.ids, empty.ids);
  });

  void it('works on references too: assigned_to=NULL equals assigned_toISEMPTY', async () => {
    const a = await query('incident', 'assigned_to=NULL');
    const b = await query('incident', 'assigned_toISEMPTY');
    assert.deepEqual(a.ids.sort(), b.ids.sort());
    const c = await query('incident', 'assigned_to!=NULL');
    const all = await query('incident', '');
    assert.equal(a.total + c.total, all.total);
  });
});
