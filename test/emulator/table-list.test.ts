import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();
const get = (url: string, user = 'admin') =>
  fetch(url, { headers: { authorization: emu.basic(user), accept: 'application/json' } });
const links = (header: string | null): Record<string, string> =>
  Object.fromEntries(
    (header ?? '')
      .split(',')
      .filter(Boolean)
      .map((part) => {
        const m = /^<([^>]+)>;rel="(\w+)"$/.exec(part);
        assert.ok(m, `malformed Link part ${part}`);
        return [m[2]!, m[1]!];
      }),
  );

void describe('pagination headers', () => {
  void it('first page: X-Total-Count, first/next/last, no prev, offset then limit appended', async () => {
    const res = await get(`${emu.baseUrl()}/incident?sysparm_limit=10`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-total-count'), '60');
    assert.equal(res.headers.get('content-type'), 'application/json;charset=UTF-8');
    const link = res.headers.get('link')!;
    assert.deepEqual(Object.keys(links(link)), ['first', 'next', 'last']);
    const base = `${emu.url}/api/now/table/incident?sysparm_limit=10`;
    assert.equal(links(link).first, `${base}&sysparm_offset=0`);
    assert.equal(links(link).next, `${base}&sysparm_offset=10`);
    assert.equal(links(link).last, `${base}&sysparm_offset=50`);
    assert.ok(!link.includes(', '), 'no spaces between parts');
    const body = (await res.json()) as { result: { number: string }[] };
    assert.equal(body.result.length, 10);
    assert.equal(body.result[0]!.number, 'INC0000001');
  });

  void it('middle page keeps the query string and replaces offset/limit in place; order first,prev,next,last', async () => {
    const res = await get(
      `${emu.baseUrl('v2')}/incident?sysparm_offset=20&foo=bar&sysparm_limit=10&sysparm_fields=number`,
    );
    const parsed = links(res.headers.get('link'));
    assert.deepEqual(Object.keys(parsed), ['first', 'prev', 'next', 'last']);
    const at = (n: number) =>
      `${emu.url}/api/now/v2/table/incident?sysparm_offset=${n}&foo=bar&sysparm_limit=10&sysparm_fields=number`;
    assert.equal(parsed.first, at(0));
    assert.equal(parsed.prev, at(10));
    assert.equal(parsed.next, at(30));
    assert.equal(parsed.last, at(50));
    const body = (await res.json()) as { result: { number: string }[] };
    assert.equal(body.result[0]!.number, 'INC0000021');
  });

  void it('last page has no next; limit 1 gives last=59', async () => {
    const res = await get(`${emu.baseUrl()}/incident?sysparm_limit=1&sysparm_offset=59`);
    const parsed = links(res.headers.get('link'));
    assert.deepEqual(Object.keys(parsed), ['first', 'prev', 'last']);
    assert.ok(parsed.last!.endsWith('sysparm_offset=59'));
    assert.ok(parsed.prev!.endsWith('sysparm_offset=58'));
  });

  void it('a single page has no Link; suppress_pagination_header drops only Link; no_count drops the count and last', async () => {
    const single = await get(`${emu.baseUrl()}/problem`);
    assert.equal(single.headers.get('link'), null);
    assert.equal(single.headers.get('x-total-count'), '10');
    const suppressed = await get(`${emu.baseUrl()}/incident?sysparm_limit=5&sysparm_suppress_pagination_header=TRUE`);
    assert.equal(suppressed.headers.get('link'), null);
    assert.equal(suppressed.headers.get('x-total-count'), '60');
    const noCount = await get(`${emu.baseUrl()}/incident?sysparm_limit=5&sysparm_no_count=true`);
    assert.equal(noCount.headers.get('x-total-count'), null);
    assert.deepEqual(Object.keys(links(noCount.headers.get('link'))), ['first', 'next']);
  });

  void it('v1 empty list is 404, v2 and unversioned are 200 with []', async () => {
    const q = 'sysparm_query=number=NOPE';
    const v1 = await get(`${emu.baseUrl('v1')}/incident?${q}`);
    assert.equal(v1.status, 404);
    assert.deepEqual(await v1.json(), {
      error: {
        message: 'No Record found',
        detail: 'Records matching query not found. Check query parameter or offset parameter',
      },
      status: 'failure',
    });
    for (const version of ['v2', ''] as const) {
      const res = await get(`${emu.baseUrl(version)}/incident?${q}`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { result: [] });
      assert.equal(res.headers.get('x-total-count'), '0');
    }
  });
});

void describe('filters, fields and inheritance', () => {
  void it('name=value filters AND together, accept choice labels, and are ignored when sysparm_query is present', async () => {
    const res = await get(`${emu.baseUrl()}/incident?state=2&category=network&sysparm_fields=state,category`);
    const rows = ((await res.json()) as { result: { state: string; category: string }[] }).result;
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.state === '2' && r.category === 'network'));
    const byLabel = await get(`${emu.baseUrl()}/incident?state=In%20Progress&sysparm_fields=state`);
    const byValue = await get(`${emu.baseUrl()}/incident?state=2&sysparm_fields=state`);
    assert.equal(byLabel.headers.get('x-total-count'), byValue.headers.get('x-total-count'));
    assert.ok(((await byLabel.json()) as { result: { state: string }[] }).result.every((r) => r.state === '2'));
    const ignored = await get(`${emu.baseUrl()}/incident?state=2&sysparm_query=state=1&sysparm_fields=state`);
    assert.ok(((await ignored.json()) as { result: { state: string }[] }).result.every((r) => r.state === '1'));
    const unknown = await get(`${emu.baseUrl()}/incident?display_value=True&query=`);
    assert.equal(unknown.headers.get('x-total-count'), '60');
  });

  void it('sysparm_fields: dot-walk keys are literal, invalid names ignored, sys_id only when asked', async () => {
    const res = await get(
      `${emu.baseUrl()}/incident?sysparm_limit=1&sysparm_fields=number,caller_id.name,caller_id.department.name,bogus,state.nope`,
    );
    const row = ((await res.json()) as { result: Record<string, unknown>[] }).result[0]!;
    assert.deepEqual(Object.keys(row), ['number', 'caller_id.name', 'caller_id.department.name']);
    assert.equal(typeof row['caller_id.name'], 'string');
    assert.ok((row['caller_id.name'] as string).length > 0);
  });

  void it('task lists child rows with sys_class_name and only task fields; wrong child is 404; parent read is 200', async () => {
    const task = await get(`${emu.baseUrl()}/task?sysparm_query=sys_class_name=incident&sysparm_limit=1`);
    const row = ((await task.json()) as { result: Record<string, unknown>[] }).result[0]!;
    assert.equal(row.sys_class_name, 'incident');
    assert.equal(row.caller_id, undefined, 'incident-only field absent through task');
    assert.equal(task.headers.get('x-total-count'), '60');
    const all = await get(`${emu.baseUrl()}/task?sysparm_limit=1`);
    // 60 incidents, 10 problems, 11 changes (CHG0000011 overlaps CHG0000001 for the conflict demo), 2 change tasks.
    assert.equal(all.headers.get('x-total-count'), '83');
    const id = row.sys_id as string;
    assert.equal((await get(`${emu.baseUrl()}/task/${id}`)).status, 200);
    assert.equal((await get(`${emu.baseUrl()}/incident/${id}`)).status, 200);
    const wrong = await get(`${emu.baseUrl()}/problem/${id}`);
    assert.equal(wrong.status, 404);
    assert.deepEqual(await wrong.json(), {
      error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" },
      status: 'failure',
    });
  });

  void it('cmdb_ci lists servers and services; values are all strings', async () => {
    const res = await get(`${emu.baseUrl()}/cmdb_ci?sysparm_fields=name,sys_class_name,sys_mod_count`);
    const rows = ((await res.json()) as { result: Record<string, unknown>[] }).result;
    assert.equal(rows.length, 29); // 20 generated CIs plus the 9 a PDI ships under their real sys_ids
    assert.ok(rows.some((r) => r.sys_class_name === 'cmdb_ci_server'));
    assert.ok(rows.some((r) => r.sys_class_name === 'cmdb_ci_service'));
    assert.ok(rows.every((r) => Object.values(r).every((v) => typeof v === 'string')));
  });

  void it('invalid query terms are dropped, unless glide.invalid_query.returns_no_rows is true', async () => {
    const res = await get(`${emu.baseUrl()}/incident?sysparm_query=bogus_field=1^state=2&sysparm_limit=1`);
    const filtered = Number(res.headers.get('x-total-count'));
    assert.ok(filtered > 0 && filtered < 60);
    await fetch(`${emu.url}/__emulator/properties`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'glide.invalid_query.returns_no_rows', value: 'true' }),
    });
    const none = await get(`${emu.baseUrl()}/incident?sysparm_query=bogus_field=1^state=2`);
    assert.deepEqual(await none.json(), { result: [] });
    await emu.reset();
  });
});

void describe('read ACLs on lists', () => {
  void it('a table the caller cannot read answers 200 [] with the query total, counted before ACLs (§1.3)', async () => {
    const asAdmin = await get(`${emu.baseUrl()}/sys_properties?sysparm_limit=1`);
    const total = asAdmin.headers.get('x-total-count');
    assert.ok(Number(total) > 1);
    const asItil = await get(`${emu.baseUrl()}/sys_properties?sysparm_limit=1`, 'itil.user');
    assert.equal(asItil.status, 200);
    assert.deepEqual(await asItil.json(), { result: [] });
    assert.equal(asItil.headers.get('x-total-count'), total);
    assert.ok(links(asItil.headers.get('link')).next, 'rows are filtered, so later pages exist (empty)');
  });
});
