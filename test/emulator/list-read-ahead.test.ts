import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextKeysetQuery } from '../../src/emulator/table/read-ahead.js';
import { useEmulator } from '../helpers/emulator.js';

type Rec = Record<string, unknown> & { sys_id: string };

const emu = useEmulator({ seed: { incidents: 300 } });
const headers = (): Record<string, string> => ({ authorization: emu.basic(), accept: 'application/json' });
const page = async (last: string, limit: number): Promise<{ total: number; result: Rec[] }> => {
  const q = encodeURIComponent(last ? `active=true^sys_id>${last}^ORDERBYsys_id` : 'active=true^ORDERBYsys_id');
  const res = await fetch(`${emu.baseUrl('v2')}/incident?sysparm_query=${q}&sysparm_limit=${limit}`, {
    headers: headers(),
  });
  assert.equal(res.status, 200);
  return { total: Number(res.headers.get('x-total-count')), result: ((await res.json()) as { result: Rec[] }).result };
};
/** Lets the emulator run the read-ahead it schedules after a response. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

void describe('keyset read-ahead', () => {
  void it('guesses the next keyset query as the library writes it', () => {
    assert.equal(nextKeysetQuery('ORDERBYsys_id', 'b'), 'sys_id>b^ORDERBYsys_id');
    assert.equal(nextKeysetQuery('active=true^ORDERBYsys_id', 'b'), 'active=true^sys_id>b^ORDERBYsys_id');
    assert.equal(nextKeysetQuery('active=true^sys_id>a^ORDERBYsys_id', 'b'), 'active=true^sys_id>b^ORDERBYsys_id');
    assert.equal(
      nextKeysetQuery('x=1^sys_id>a^NQx=2^sys_id>a^ORDERBYsys_id', 'b'),
      'x=1^sys_id>b^NQx=2^sys_id>b^ORDERBYsys_id',
    );
    assert.equal(nextKeysetQuery('ORDERBYnumber', 'b'), undefined, 'not a walk in sys_id order');
    assert.equal(nextKeysetQuery('ORDERBYDESCsys_id', 'b'), undefined);
    assert.equal(nextKeysetQuery(undefined, 'b'), undefined);
    assert.equal(nextKeysetQuery('ORDERBYsys_id', null), undefined, 'an empty page');
  });

  void it('serves the data as it is when the request comes, not as it was read ahead', async () => {
    const first = await page('', 20);
    await settle(); // page 2 is now read ahead
    // The records of page 2, through an offset page (offset pages are never read ahead).
    const q = encodeURIComponent('active=true^ORDERBYsys_id');
    const res = await fetch(`${emu.baseUrl('v2')}/incident?sysparm_query=${q}&sysparm_limit=20&sysparm_offset=20`, {
      headers: headers(),
    });
    const before = ((await res.json()) as { result: Rec[] }).result;
    const [changed, removed] = [before[3]!, before[5]!];
    for (const [id, body] of [
      [changed.sys_id, { short_description: 'changed after the read-ahead' }],
      [removed.sys_id, { active: 'false' }],
    ] as const) {
      const patched = await fetch(`${emu.baseUrl('v2')}/incident/${id}`, {
        method: 'PATCH',
        headers: { ...headers(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(patched.status, 200);
    }
    const second = await page(first.result.at(-1)!.sys_id, 20);
    assert.equal(second.total, first.total - 20 - 1);
    assert.equal(
      second.result.find((r) => r.sys_id === changed.sys_id)?.short_description,
      'changed after the read-ahead',
    );
    assert.equal(
      second.result.some((r) => r.sys_id === removed.sys_id),
      false,
    );
    await settle();
    const again = await page(first.result.at(-1)!.sys_id, 20);
    assert.deepEqual(again, second, 'a repeat over unchanged data is identical');
  });

  void it('a whole walk with read-ahead returns every matching record once, in order, with true counts', async () => {
    const seen: string[] = [];
    let last = '';
    let expectedTotal: number | undefined;
    for (;;) {
      const { total, result } = await page(last, 17);
      expectedTotal ??= total;
      assert.equal(total, expectedTotal - seen.length, 'X-Total-Count counts the records after the cursor');
      if (result.length === 0) break;
      seen.push(...result.map((r) => r.sys_id));
      last = result.at(-1)!.sys_id;
      if (seen.length % 2 === 0) await settle();
    }
    assert.equal(seen.length, expectedTotal);
    assert.deepEqual(seen, [...seen].sort());
  });
});
