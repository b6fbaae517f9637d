import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchUnservicedError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  type ServiceNowClient,
} from '../../src/lib/index.js';
import { basicClient, useLibClient } from './lib-emulator.js';

const lib = useLibClient();
const client = (username: string, password: string): ServiceNowClient => basicClient(lib.emu, username, password);
const countOf = async (query: string): Promise<number> => (await lib.sn.stats('incident', { query })).count ?? -1;
const tag = (name: string): string => `batch-test-${name}-${Math.random().toString(36).slice(2)}`;

void describe('Batch API from the library', () => {
  beforeEach(async () => {
    await lib.emu.clearFaults();
    await lib.emu.clearRequests();
  });

  void it('batch() runs create, get, update, delete in one POST and decodes each result', async () => {
    const first = await lib.sn.table('incident').list({ pageSize: 1, fields: ['sys_id', 'number'] });
    const existing = first.records[0]!;
    const batch = lib.sn.batch();
    const ids = [
      batch.create('incident', { short_description: 'from a batch' }),
      batch.get('incident', existing.sys_id as string, { sysparm_fields: 'number' }),
      batch.update('incident', existing.sys_id as string, { urgency: '1' }),
      batch.get('incident', '0'.repeat(32)),
    ];
    assert.equal(batch.size, 4);
    const results = await batch.execute();
    assert.deepEqual(
      results.map((r) => r.id),
      ids,
    );
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 200, 200, 404],
    );
    const created = (results[0]!.body as { result: Record<string, string> }).result;
    assert.equal(created.short_description, 'from a batch');
    assert.deepEqual(results[1]!.body, { result: { number: existing.number } });
    assert.ok(results[3]!.error instanceof NotFoundError);
    assert.equal((await lib.sn.table('incident').get(existing.sys_id as string)).urgency, '1');
    const del = lib.sn.batch();
    del.delete('incident', created.sys_id!);
    assert.equal((await del.execute())[0]!.status, 204);
    const requests = await lib.emu.requests();
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.path}`),
      [
        'GET /api/now/v2/table/incident',
        'POST /api/now/v1/batch',
        `GET /api/now/v2/table/incident/${String(existing.sys_id)}`,
        'POST /api/now/v1/batch',
      ],
    );
  });

  void it('batchWriter() groups many creates into batches of batchSize', async () => {
    const label = tag('writer');
    const writer = lib.sn.batchWriter({ batchSize: 25, concurrency: 3 });
    const records = Array.from({ length: 110 }, (_, i) => ({ short_description: `${label} ${i}` }));
    const created = await Promise.all(records.map((r) => writer.create('incident', r)));
    await writer.flush();
    assert.deepEqual(
      created.map((r) => r.short_description),
      records.map((r) => r.short_description),
    );
    assert.equal(await countOf(`short_descriptionSTARTSWITH${label}`), 110);
    const posts = (await lib.emu.requests()).filter((r) => r.path === '/api/now/v1/batch');
    assert.equal(posts.length, Math.ceil(110 / 25));
  });

  void it('a failed item rejects only its own promise; ACLs apply per item', async () => {
    const itil = client('itil.user', 'itil');
    try {
      const writer = itil.batchWriter({ batchSize: 10 });
      const outcomes = await Promise.allSettled([
        writer.create('incident', { short_description: 'ok 1' }),
        writer.create('sys_user', { user_name: tag('denied') }),
        writer.create('incident', { short_description: 'ok 2' }),
      ]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      assert.ok((outcomes[1] as PromiseRejectedResult).reason instanceof PermissionDeniedError);
    } finally {
      await itil.close();
    }
  });

  void it('an ambiguous failure of the batch POST rejects its items and is not replayed', async () => {
    const label = tag('reset');
    await lib.emu.faults({ kind: 'reset-after', path: '/api/now/v1/batch', count: 1 });
    const writer = lib.sn.batchWriter({ batchSize: 5 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => writer.create('incident', { short_description: `${label} ${i}` })),
    );
    for (const o of outcomes) {
      assert.equal(o.status, 'rejected');
      assert.ok(o.reason instanceof ConnectionError);
    }
    // The instance did act before the connection dropped: each record exists exactly once.
    assert.equal(await countOf(`short_descriptionSTARTSWITH${label}`), 5);
    assert.equal((await lib.emu.requests()).filter((r) => r.path === '/api/now/v1/batch').length, 1);
  });

  void it('resends unserviced items and fails only the one over the input limit', async () => {
    const label = tag('limit');
    const prop = await lib.sn.table('sys_properties').create({ name: 'glide.rest.batch.max.inputSize', value: '300' });
    try {
      const batch = lib.sn.batch();
      batch.create('incident', { short_description: `${label} a` });
      batch.create('incident', { short_description: `${label} ${'x'.repeat(400)}` });
      batch.create('incident', { short_description: `${label} c` });
      const results = await batch.execute();
      assert.deepEqual(
        results.map((r) => r.status),
        [201, 0, 201],
      );
      assert.ok(results[1]!.error instanceof BatchUnservicedError);
      assert.equal(await countOf(`short_descriptionSTARTSWITH${label}`), 2);
    } finally {
      await lib.sn.table('sys_properties').delete(prop.sys_id as string);
    }
  });
});
