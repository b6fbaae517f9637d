import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');
const unb64 = (text: string): any => JSON.parse(Buffer.from(text, 'base64').toString('utf8') || 'null');

interface Serviced {
  id: string;
  status_code: number;
  status_text: string;
  headers: { name: string; value: string }[];
  body: string;
  execution_time: number;
}

async function batch(body: unknown, user = 'admin', headers: Record<string, string> = {}) {
  const res = await fetch(`${emu.url}/api/now/v1/batch`, {
    method: 'POST',
    headers: { authorization: emu.basic(user), 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
const item = (id: string, method: string, url: string, body?: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  method,
  url,
  headers: [
    { name: 'Content-Type', value: 'application/json' },
    { name: 'Accept', value: 'application/json' },
  ],
  ...(body === undefined ? {} : { body: b64(body) }),
  ...extra,
});

void describe('POST /api/now/v1/batch', () => {
  void it('runs mixed items in order, echoes batch_request_id as a string and base64-encodes bodies', async () => {
    const res = await batch({
      batch_request_id: 7,
      rest_requests: [
        item('c1', 'POST', '/api/now/table/incident', { short_description: 'batch one' }),
        item(
          'g1',
          'GET',
          '/api/now/table/incident?sysparm_query=short_description=batch one&sysparm_fields=number,short_description',
        ),
        item(
          's1',
          'GET',
          '/api/now/stats/incident?sysparm_count=true&sysparm_query=short_description=batch one',
          undefined,
          {
            exclude_response_headers: true,
          },
        ),
      ],
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.batch_request_id, '7');
    assert.deepEqual(res.body.unserviced_requests, []);
    const [created, listed, stats] = res.body.serviced_requests as Serviced[];
    assert.deepEqual(
      res.body.serviced_requests.map((s: Serviced) => s.id),
      ['c1', 'g1', 's1'],
    );
    assert.equal(created!.status_code, 201);
    assert.equal(created!.status_text, 'Created');
    assert.ok(created!.headers.some((h) => h.name.toLowerCase() === 'location'));
    assert.ok(Number.isInteger(created!.execution_time));
    const record = unb64(created!.body).result;
    assert.equal(record.short_description, 'batch one');
    assert.deepEqual(unb64(listed!.body).result, [{ number: record.number, short_description: 'batch one' }]);
    assert.deepEqual(stats!.headers, []);
    assert.deepEqual(unb64(stats!.body), { result: { stats: { count: '1' } } });
    // The record really exists outside the batch.
    const direct = await fetch(`${emu.baseUrl()}/incident/${record.sys_id}`, {
      headers: { authorization: emu.basic() },
    });
    assert.equal(direct.status, 200);
  });

  void it("runs items with the batch's credentials, so ACLs apply per item and item Authorization is ignored", async () => {
    const res = await batch(
      {
        batch_request_id: 'acl',
        rest_requests: [
          item(
            'u',
            'POST',
            '/api/now/table/sys_user',
            { user_name: 'should.not.exist' },
            {
              headers: [{ name: 'Authorization', value: emu.basic('admin') }],
            },
          ),
          item('i', 'POST', '/api/now/table/incident', { short_description: 'by itil' }),
        ],
      },
      'itil.user',
    );
    const [user, incident] = res.body.serviced_requests as Serviced[];
    assert.equal(user!.status_code, 403);
    assert.equal(unb64(user!.body).status, 'failure');
    assert.equal(incident!.status_code, 201);
    assert.equal(unb64(incident!.body).result.sys_created_by, 'itil.user');
    const anonymous = await fetch(`${emu.url}/api/now/v1/batch`, { method: 'POST', body: '{}' });
    assert.equal(anonymous.status, 401);
  });

  void it('reports per-item errors in serviced_requests and never nests batches', async () => {
    const res = await batch({
      batch_request_id: '3',
      rest_requests: [
        item('missing', 'GET', '/api/now/table/incident/00000000000000000000000000000000'),
        item('bad-table', 'GET', '/api/now/table/no_such_table'),
        item('nested', 'POST', '/api/now/v1/batch', { batch_request_id: 'x', rest_requests: [] }),
      ],
    });
    const codes = (res.body.serviced_requests as Serviced[]).map((s) => [s.id, s.status_code]);
    assert.deepEqual(codes, [
      ['missing', 404],
      ['bad-table', 400],
      ['nested', 400],
    ]);
  });

  void it('puts items past the output limit and every later item in unserviced_requests', async () => {
    const res = await batch(
      {
        batch_request_id: 'big',
        rest_requests: [
          item('small', 'GET', '/api/now/table/incident?sysparm_limit=1&sysparm_fields=number'),
          item('large', 'GET', '/api/now/table/incident?sysparm_limit=50'),
          item('after', 'GET', '/api/now/table/incident?sysparm_limit=1&sysparm_fields=number'),
        ],
      },
      'admin',
      { 'X-BATCHREQUEST-MAX-OUTPUT-SIZE': '2000' },
    );
    assert.deepEqual(
      (res.body.serviced_requests as Serviced[]).map((s) => s.id),
      ['small'],
    );
    assert.deepEqual(res.body.unserviced_requests, ['large', 'after']);
  });

  void it('honours glide.rest.batch.max.inputSize for item bodies', async () => {
    const set = await fetch(`${emu.baseUrl()}/sys_properties`, {
      method: 'POST',
      headers: { authorization: emu.basic(), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'glide.rest.batch.max.inputSize', value: '200' }),
    });
    assert.equal(set.status, 201);
    try {
      const res = await batch({
        batch_request_id: 'in',
        rest_requests: [
          item('ok', 'POST', '/api/now/table/incident', { short_description: 'small' }),
          item('huge', 'POST', '/api/now/table/incident', { short_description: 'x'.repeat(500) }),
        ],
      });
      assert.deepEqual(
        (res.body.serviced_requests as Serviced[]).map((s) => s.id),
        ['ok'],
      );
      assert.deepEqual(res.body.unserviced_requests, ['huge']);
    } finally {
      const id = (await set.json()).result.sys_id as string;
      await fetch(`${emu.baseUrl()}/sys_properties/${id}`, {
        method: 'DELETE',
        headers: { authorization: emu.basic() },
      });
    }
  });

  void it('answers malformed batches with a 400 naming the problem', async () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [[], /must be an object/],
      [{ batch_request_id: '1' }, /rest_requests must be an array/],
      [{ rest_requests: [{ id: '1', method: 'GET' }] }, /url must be a path/],
      [{ rest_requests: [{ id: '1', method: 'BREW', url: '/api/now/table/incident' }] }, /method must be one of/],
      [{ rest_requests: [{ method: 'GET', url: '/api/now/table/incident' }] }, /id is required/],
      [{ rest_requests: [{ id: '1', method: 'POST', url: '/api/now/table/incident', body: '%%%' }] }, /base64/],
      [{ rest_requests: [{ id: '1', method: 'GET', url: '/x', headers: {} }] }, /headers must be an array/],
      [
        {
          rest_requests: [
            { id: '1', method: 'GET', url: '/x' },
            { id: '1', method: 'GET', url: '/y' },
          ],
        },
        /used twice/,
      ],
    ];
    for (const [body, pattern] of cases) {
      const res = await batch(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.error.detail, pattern);
    }
  });
});
