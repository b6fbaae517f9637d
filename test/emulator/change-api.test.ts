// Wire shapes of the emulated Change Management API (reference more-apis §1), read over plain HTTP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulator } from '../helpers/emulator.js';
import { apiCall } from '../helpers/table-api.js';

const emu = useEmulator({}, { resetEach: true });

const call = (method: string, path: string, body?: unknown, user = 'admin') =>
  apiCall(emu, method, `/api/sn_chg_rest${path}`, { body, user }) as Promise<{
    status: number;
    json: Record<string, unknown> | undefined;
  }>;

const result = (r: { json: Record<string, unknown> | undefined }) =>
  r.json?.result as Record<string, { value: unknown; display_value: string }>;

void describe('emulated Change Management API wire shapes', () => {
  void it('POST answers 200 with an object result; values typed, references without links', async () => {
    const created = await call('POST', '/change/normal?short_description=From%20query', { cmdb_ci: 'web01' });
    assert.equal(created.status, 200);
    const r = result(created);
    assert.equal(r.short_description?.value, 'From query');
    assert.deepEqual(r.cmdb_ci, { display_value: 'web01', value: r.cmdb_ci?.value });
    assert.equal(typeof r.impact?.value, 'number');
    assert.equal(r.made_sla?.value, true);
    const versioned = await call('GET', `/v1/change/${String(r.sys_id?.value)}`);
    assert.equal(versioned.status, 200);
    const list = await call('GET', '/change?sysparm_limit=2');
    assert.ok(Array.isArray(list.json?.result));
  });

  void it('the body wins over query parameters, and unknown fields are named in __meta.ignoredFields', async () => {
    const r = result(
      await call('POST', '/change/emergency?short_description=query', { short_description: 'body', nope: 1 }),
    );
    assert.equal(r.short_description?.value, 'body');
    assert.deepEqual(r.__meta, { ignoredFields: ['nope'] });
  });

  void it('DELETE answers 200 with the deleted record; errors use the failure envelope', async () => {
    const id = String(result(await call('POST', '/change/normal', {})).sys_id?.value);
    const deleted = await call('DELETE', `/change/${id}`);
    assert.equal(deleted.status, 200);
    assert.equal(result(deleted).sys_id?.value, id);
    const missing = await call('GET', `/change/${id}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json?.status, 'failure');
    assert.equal((await call('PUT', '/change/standard/template')).status, 405);
    assert.equal((await call('POST', '/change/normal', '{not json')).status, 400);
    assert.equal((await call('GET', '/change/emergency/' + id + '/x')).status, 400);
  });

  void it('applies the API roles: read-only users cannot write, itil cannot delete', async () => {
    const denied = await call('POST', '/change/normal', {}, 'readonly.user');
    assert.equal(denied.status, 403);
    const id = String(result(await call('POST', '/change/normal', {}, 'itil.user')).sys_id?.value);
    assert.equal((await call('DELETE', `/change/${id}`, undefined, 'itil.user')).status, 403);
    assert.equal((await call('GET', `/change/${id}`, undefined, 'readonly.user')).status, 200);
  });

  void it('a type-scoped route does not find a change of another type', async () => {
    const id = String(result(await call('POST', '/change/normal', {})).sys_id?.value);
    assert.equal((await call('GET', `/change/emergency/${id}`)).status, 404);
    assert.equal((await call('GET', `/change/normal/${id}`)).status, 200);
  });

  void it('the conflict worker is readable after a check', async () => {
    const id = String(
      result(
        await call('POST', '/change/normal', { start_date: '2031-01-01 10:00:00', end_date: '2031-01-01 11:00:00' }),
      ).sys_id?.value,
    );
    const started = await call('POST', `/change/${id}/conflict`);
    const worker = String(started.json?.result);
    const state = await call('GET', `/change/worker/${worker}`);
    assert.deepEqual((state.json?.result as { state: unknown }).state, { value: 3, display_value: 'Complete' });
  });
});
