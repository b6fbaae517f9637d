// POST with a sys_id in the body: real instances keep a supplied, unused sys_id on insert (migration and
// upsert tools rely on it); a sys_id already in use fails in the error envelope; anything else is ignored.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { fixedId } from '../../src/emulator/index.js';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

const post = (table: string, body: unknown) =>
  fetch(`${emu.baseUrl()}/${table}`, {
    method: 'POST',
    headers: { authorization: emu.basic(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const hex32 = (): string => randomBytes(16).toString('hex');

void describe('a sys_id supplied on POST', () => {
  void it('is kept exactly as given when it is 32 hex characters not yet used', async () => {
    const id = hex32();
    const res = await post('incident', { sys_id: id, short_description: 'migrated' });
    assert.equal(res.status, 201);
    const r = ((await res.json()) as { result: Record<string, string> }).result;
    assert.equal(r.sys_id, id);
    assert.equal(res.headers.get('location'), `${emu.baseUrl()}/incident/${id}`);
    const read = await fetch(`${emu.baseUrl()}/incident/${id}?sysparm_fields=short_description`, {
      headers: { authorization: emu.basic() },
    });
    assert.deepEqual(await read.json(), { result: { short_description: 'migrated' } });
  });

  void it('keeps the case of an upper-case sys_id, which is still unique whatever the case', async () => {
    const id = hex32().toUpperCase();
    const res = await post('incident', { sys_id: id, short_description: 'upper' });
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as { result: Record<string, string> }).result.sys_id, id);
    const read = await fetch(`${emu.baseUrl()}/incident/${id.toLowerCase()}?sysparm_fields=sys_id`, {
      headers: { authorization: emu.basic() },
    });
    assert.deepEqual(await read.json(), { result: { sys_id: id } });
    assert.equal((await post('incident', { sys_id: id.toLowerCase() })).status, 403);
  });

  void it('fails with 403 in the error envelope when the sys_id is in use, in any table of the hierarchy', async () => {
    for (const [table, id] of [
      ['incident', fixedId('incident:1')],
      ['problem', fixedId('incident:2')],
    ] as const) {
      const res = await post(table, { sys_id: id, short_description: 'duplicate' });
      assert.equal(res.status, 403);
      const body = (await res.json()) as { status: string; error: { message: string; detail: string } };
      assert.equal(body.status, 'failure');
      assert.equal(body.error.message, 'Operation Failed');
      assert.match(body.error.detail, new RegExp(`Error during insert of ${table} \\(${id}\\)`));
    }
    const count = await fetch(`${emu.baseUrl()}/task?sysparm_query=short_description=duplicate`, {
      headers: { authorization: emu.basic() },
    });
    assert.equal(count.headers.get('x-total-count'), '0');
  });

  void it('is ignored when it is not 32 hex characters, as other sys_* fields are', async () => {
    for (const bad of ['abc', `${hex32()}0`, 'g'.repeat(32), 42]) {
      const res = await post('incident', { sys_id: bad, short_description: 'bad id' });
      assert.equal(res.status, 201);
      const r = ((await res.json()) as { result: Record<string, string> }).result;
      assert.match(r.sys_id!, /^[0-9a-f]{32}$/);
      assert.notEqual(r.sys_id, bad);
    }
  });

  void it('is not a way to move a record on PATCH', async () => {
    const made = (
      (await (await post('incident', { short_description: 'stay' })).json()) as {
        result: Record<string, string>;
      }
    ).result;
    const res = await fetch(`${emu.baseUrl()}/incident/${made.sys_id}`, {
      method: 'PATCH',
      headers: { authorization: emu.basic(), 'content-type': 'application/json' },
      body: JSON.stringify({ sys_id: hex32() }),
    });
    assert.equal(((await res.json()) as { result: Record<string, string> }).result.sys_id, made.sys_id);
  });
});
