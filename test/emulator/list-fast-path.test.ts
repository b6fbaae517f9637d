import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerFromUser } from '../../src/emulator/auth/caller.js';
import { ADMIN_SYS_ID } from '../../src/emulator/index.js';
import { countSql, pageBodySql } from '../../src/emulator/table/page-sql.js';
import { planQuery } from '../../src/emulator/table/query-plan.js';
import { createSerializer } from '../../src/emulator/table/serializer.js';
import { useEmulator } from '../helpers/emulator.js';

type Rec = Record<string, unknown> & { sys_id: string };

const emu = useEmulator({ seed: { incidents: 400 } });
const get = (url: string): Promise<Response> =>
  fetch(url, { headers: { authorization: emu.basic(), accept: 'application/json' } });
const list = async (query: string): Promise<{ res: Response; result: Rec[] }> => {
  const res = await get(`${emu.baseUrl('v2')}/incident?${query}`);
  assert.equal(res.status, 200);
  return { res, result: ((await res.json()) as { result: Rec[] }).result };
};
const totalOf = async (query: string): Promise<number> => Number((await list(query)).res.headers.get('x-total-count'));

void describe('list body built in SQLite', () => {
  void it('renders every record exactly as the single-record GET does (references as {link,value})', async () => {
    const { res, result } = await list('sysparm_limit=25&sysparm_offset=30&sysparm_fields=');
    assert.equal(result.length, 25);
    assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(JSON.stringify({ result })));
    let references = 0;
    for (const record of result) {
      const one = await get(`${emu.baseUrl('v2')}/incident/${record.sys_id}`);
      assert.deepEqual(record, ((await one.json()) as { result: Rec }).result);
      for (const value of Object.values(record)) if (typeof value === 'object' && value !== null) references++;
    }
    assert.ok(references > 0, 'the page holds reference fields rendered as objects');
  });

  void it('keeps the requested order and keyset pages cover the table once', async () => {
    const desc = (await list('sysparm_query=ORDERBYDESCnumber&sysparm_limit=50')).result.map((r) => String(r.number));
    assert.deepEqual(desc, [...desc].sort().reverse());
    assert.equal(new Set(desc).size, 50);
    const total = await totalOf('sysparm_limit=1');
    const seen: string[] = [];
    let last = '';
    for (;;) {
      const q = encodeURIComponent(last ? `sys_id>${last}^ORDERBYsys_id` : 'ORDERBYsys_id');
      const { result } = await list(`sysparm_query=${q}&sysparm_limit=37&sysparm_fields=sys_id,caller_id`);
      if (result.length === 0) break;
      seen.push(...result.map((r) => r.sys_id));
      last = result.at(-1)!.sys_id;
    }
    assert.equal(seen.length, total);
    assert.deepEqual(seen, [...seen].sort());
    assert.equal(new Set(seen).size, total);
  });

  void it('an empty page is {"result":[]} with X-Total-Count 0 (v2) and 404 on v1', async () => {
    const { res, result } = await list('sysparm_query=number%3DINC_NONE');
    assert.deepEqual(result, []);
    assert.equal(res.headers.get('x-total-count'), '0');
    const v1 = await get(`${emu.baseUrl('v1')}/incident?sysparm_query=number%3DINC_NONE`);
    assert.equal(v1.status, 404);
  });
});

void describe('X-Total-Count cache', () => {
  void it('follows writes through the API and writes that bypass it', async () => {
    const query = 'sysparm_query=priority%3D1&sysparm_limit=1';
    const before = await totalOf(query);
    assert.equal(await totalOf(query), before);
    const created = await fetch(`${emu.baseUrl('v2')}/incident`, {
      method: 'POST',
      headers: { authorization: emu.basic(), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ short_description: 'count cache', impact: '1', urgency: '1', priority: '1' }),
    });
    assert.equal(created.status, 201);
    const id = ((await created.json()) as { result: Rec }).result.sys_id;
    const afterCreate = await totalOf(query);
    assert.equal(afterCreate, before + 1);
    emu.db.db.prepare(`UPDATE "task" SET "priority" = '5' WHERE "sys_id" = ?`).run(id);
    assert.equal(await totalOf(query), before);
    const removed = await fetch(`${emu.baseUrl('v2')}/incident/${id}`, {
      method: 'DELETE',
      headers: { authorization: emu.basic() },
    });
    assert.equal(removed.status, 204);
    assert.equal(await totalOf(query), before);
  });
});

void describe('indexed filters', () => {
  void it('priority=1 (compared numerically) pages and counts on the numeric priority index, without a sort', () => {
    const ctx = emu.context;
    const table = ctx.schema.table('incident')!;
    const caller = callerFromUser(ctx.store, ctx.store.byId('sys_user', ADMIN_SYS_ID)!);
    const plan = planQuery(ctx, caller, table, 'priority=1', []);
    const serializer = createSerializer(ctx, table, {
      displayValue: 'false',
      excludeReferenceLink: false,
      fields: undefined,
      tableBase: `${emu.url}/api/now/v2/table/`,
    });
    const explain = (sql: string, named: Record<string, unknown>): string =>
      (ctx.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...plan.params, named) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    const page = explain(pageBodySql(table.physical, plan, serializer.sqlObject!), {
      limit: 1000,
      offset: 0,
      base: '',
    });
    assert.match(page, /SEARCH t USING INDEX ix_task_priority_num \(<expr>=\?\)/);
    assert.doesNotMatch(page, /TEMP B-TREE/);
    assert.doesNotMatch(page, /SCAN t\b/);
    assert.match(explain(countSql(table.physical, plan), {}), /SEARCH t USING INDEX ix_task_priority_num/);
  });
});
