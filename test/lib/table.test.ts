import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createClient,
  NotFoundError,
  BadRequestError,
  UpsertConflictError,
  ConfigError,
  ResponseError,
  query,
  type ServiceNowClient,
} from '../../src/lib/index.js';
import { startLibClient, stopLibClient, type LibEmulator } from './lib-emulator.js';

let emu: LibEmulator;
let sn: ServiceNowClient;

void describe('Table API against the emulator', () => {
  before(async () => ({ emu, sn } = await startLibClient()));
  beforeEach(() => emu.reset());
  after(() => stopLibClient({ emu, sn }));

  void it('creates, gets, updates and deletes a record', async () => {
    const created = await sn.table('incident').create({ short_description: 'nowrest crud test', urgency: '2' });
    const id = created.sys_id as string;
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(created.short_description, 'nowrest crud test');
    const got = await sn.table('incident').get(id, { fields: ['short_description', 'urgency'] });
    assert.deepEqual(got, { short_description: 'nowrest crud test', urgency: '2' });
    const updated = await sn.table('incident').update(id, { urgency: '1' });
    assert.equal(updated.urgency, '1');
    assert.equal(updated.short_description, 'nowrest crud test', 'PATCH returns all fields');
    await sn.table('incident').delete(id);
    await assert.rejects(sn.table('incident').get(id), (e: unknown) => e instanceof NotFoundError && e.status === 404);
    await assert.rejects(sn.table('incident').delete(id), NotFoundError);
  });

  void it('maps an unknown table to BadRequestError', async () => {
    await assert.rejects(async () => await sn.table('no_such_table').list({ pageSize: 1 }), BadRequestError);
  });

  void it('noResponseBody returns the sys_id from Location', async () => {
    const r = await sn.table('incident').create({ short_description: 'quiet' }, { noResponseBody: true });
    assert.match(String(r.sys_id), /^[0-9a-f]{32}$/);
    const got = await sn.table('incident').get(String(r.sys_id), { fields: 'short_description' });
    assert.equal(got.short_description, 'quiet');
  });

  void it('display-value modes', async () => {
    const page = await sn
      .table('incident')
      .list({ query: 'caller_idISNOTEMPTY', pageSize: 1, fields: ['caller_id', 'state'] });
    const raw = page.records[0]!;
    assert.equal(typeof (raw.caller_id as { value: string }).value, 'string');
    assert.match((raw.caller_id as { link: string }).link, /\/table\/sys_user\//);
    const plain = await sn.table('incident').list({
      query: 'caller_idISNOTEMPTY',
      pageSize: 1,
      fields: ['caller_id', 'state'],
      excludeReferenceLink: true,
    });
    assert.match(plain.records[0]!.caller_id as string, /^[0-9a-f]{32}$/);
    const shown = await sn
      .table('incident')
      .list({ query: 'caller_idISNOTEMPTY', pageSize: 1, fields: ['caller_id', 'state'], displayValue: true });
    const dv = shown.records[0]!;
    assert.equal(typeof (dv.caller_id as { display_value: string }).display_value, 'string');
    assert.ok(
      ['New', 'In Progress', 'On Hold', 'Resolved', 'Closed', 'Canceled'].includes(dv.state as string),
      String(dv.state),
    );
    const all = await sn
      .table('incident')
      .list({ query: 'caller_idISNOTEMPTY', pageSize: 1, fields: ['state'], displayValue: 'all' });
    const both = all.records[0]!.state as { display_value: string; value: string };
    assert.ok(both.value && both.display_value && both.value !== both.display_value);
  });

  void it('upsert: created, unchanged, updated, conflict', async () => {
    const t = sn.table('incident');
    const first = await t.upsert({ short_description: 'upsert key A', urgency: '3' }, { keys: ['short_description'] });
    assert.equal(first.action, 'created');
    const same = await t.upsert({ short_description: 'upsert key A', urgency: 3 }, { keys: ['short_description'] });
    assert.equal(same.action, 'unchanged');
    assert.equal(same.record.sys_id, first.record.sys_id);
    const changed = await t.upsert(
      { short_description: 'upsert key A', urgency: '1' },
      { keys: ['short_description'] },
    );
    assert.equal(changed.action, 'updated');
    assert.equal(changed.record.urgency, '1');
    assert.equal(changed.record.sys_id, first.record.sys_id);
    const dup = await t.create({ short_description: 'upsert key A' });
    await assert.rejects(
      t.upsert({ short_description: 'upsert key A', urgency: '2' }, { keys: ['short_description'] }),
      (e: unknown) =>
        e instanceof UpsertConflictError &&
        e.code === 'SN_UPSERT_CONFLICT' &&
        e.sysIds.includes(dup.sys_id as string) &&
        e.sysIds.includes(first.record.sys_id as string),
    );
    const matches = await t.list({ query: query().where('short_description').is('upsert key A') }).toArray({ max: 10 });
    assert.equal(matches.length, 2, 'the conflict changed nothing');
  });

  void it('upsert on a field the table does not have fails before writing anything', async () => {
    const t = sn.table('incident');
    const before = await t.list({ fields: ['sys_id', 'short_description'] }).toArray({ max: 1000 });
    await assert.rejects(
      t.upsert({ no_such_field: 'x', short_description: 'overwritten?' }, { keys: ['no_such_field'] }),
      (e: unknown) => e instanceof ConfigError && /no readable field "no_such_field"/.test(e.message),
    );
    const after = await t.list({ fields: ['sys_id', 'short_description'] }).toArray({ max: 1000 });
    assert.deepEqual(after, before);
  });

  void it('a 404 from something other than ServiceNow is an error, not an empty list', async () => {
    const other = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body>Not Found</body></html>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/api/now/v2`;
    const wrong = createClient({ name: 'x', baseUrl: url, auth: { type: 'basic', username: 'a', password: 'b' } });
    try {
      await assert.rejects(
        wrong.table('incident').list().toArray({ max: 10 }),
        (e: unknown) => e instanceof ResponseError && /Something other than ServiceNow answered 404/.test(e.message),
      );
      // ServiceNow's own 404 (Table API v1 on an empty list) is still an empty list.
      const v1 = createClient({
        name: 'v1',
        baseUrl: emu.baseUrl('v1'),
        auth: { type: 'basic', username: 'admin', password: 'admin' },
      });
      assert.deepEqual(await v1.table('incident').list({ query: 'number=NOPE' }).toArray({ max: 10 }), []);
      await v1.close();
    } finally {
      await wrong.close();
      other.close();
    }
  });

  void it('a value containing ^NQ cannot inject a condition', async () => {
    const q = query().where('short_description').is('x^NQactive=true');
    const page = await sn.table('incident').list({ query: q, pageSize: 100 });
    assert.equal(page.records.length, 0);
  });

  void it('request() reaches other APIs with auth and error mapping', async () => {
    const res = await sn.request('GET', '/api/now/v2/table/incident', { query: { sysparm_limit: 2 } });
    assert.equal((res.body as { result: unknown[] }).result.length, 2);
    await assert.rejects(
      sn.request('GET', '/api/now/v2/table/incident/ffffffffffffffffffffffffffffffff'),
      NotFoundError,
    );
    await assert.rejects(sn.request('GET', 'https://evil.example.org/x'), /Invalid request path/);
  });
});
