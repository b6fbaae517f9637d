import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError, ConfigError, query } from '../../src/lib/index.js';
import { useLibClient } from './lib-emulator.js';

const lib = useLibClient();

void describe('client.stats() against the emulator', () => {
  void it('counts the records a query builder selects, as a number', async () => {
    const q = query().where('active').is(true).and('priority').lessThanOrEqual(2);
    const listed = await lib.sn
      .table('incident')
      .list({ query: q, fields: ['sys_id'] })
      .toArray({ max: 10_000 });
    const result = await lib.sn.stats('incident', { query: q });
    assert.equal(result.count, listed.length);
    assert.deepEqual(result.groups, []);
  });

  void it('groups with aggregates, having and order, mapped to camelCase', async () => {
    const records = await lib.sn
      .table('incident')
      .list({ fields: ['priority', 'category'] })
      .toArray({ max: 10_000 });
    const result = await lib.sn.stats('incident', {
      groupBy: ['category'],
      avg: ['priority'],
      max: ['priority'],
      having: ['count^category^>^1'],
      orderBy: ['COUNT^DESC'],
      displayValue: 'all',
    });
    assert.ok(result.groups.length > 0);
    const counts = result.groups.map((g) => g.count ?? -1);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
    );
    for (const group of result.groups) {
      const [field] = group.groupBy;
      assert.equal(field?.field, 'category');
      assert.equal(typeof field?.displayValue, 'string');
      const members = records.filter((r) => r.category === field?.value);
      assert.equal(group.count, members.length);
      assert.ok(members.length > 1);
      const avg = members.reduce((a, r) => a + Number(r.priority), 0) / members.length;
      assert.equal(group.avg?.priority, avg.toFixed(4));
      assert.equal(group.max?.priority, String(Math.max(...members.map((r) => Number(r.priority)))));
    }
  });

  void it('rejects bad names before sending and surfaces the server error for unknown fields', async () => {
    await assert.rejects(lib.sn.stats('Incident!'), ConfigError);
    await assert.rejects(lib.sn.stats('incident', { groupBy: ['a,b'] }), ConfigError);
    await assert.rejects(lib.sn.stats('incident', { having: ['count^x^>^1,count^y^>^2'] }), ConfigError);
    await assert.rejects(lib.sn.stats('incident', { avg: ['no_such_field'] }), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.match(err.detail ?? '', /no_such_field/);
      return true;
    });
  });
});
