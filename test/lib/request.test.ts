import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, BadRequestError, ConfigError, parseLinkHeader, type ServiceNowClient } from '../../src/lib/index.js';
import { startLibClient, stopLibClient, type LibEmulator } from './lib-emulator.js';

let emu: LibEmulator;
let sn: ServiceNowClient;

interface Status {
  result: { status: string; version: string; maintenance: boolean };
}

void describe('sn.request() and scripted REST APIs defined as data', () => {
  before(async () => ({ emu, sn } = await startLibClient()));
  beforeEach(() => emu.reset());
  after(() => stopLibClient({ emu, sn }));

  void it('returns the typed JSON body of a fixed-response operation, with or without a version segment', async () => {
    const res = await sn.request<Status>('GET', '/api/x_demo/ops/status');
    assert.equal(res.status, 200);
    assert.equal(res.body.result.status, 'ok');
    assert.equal(res.body.result.maintenance, false);
    const versioned = await sn.request<Status>('GET', '/api/x_demo/ops/v1/status');
    assert.deepEqual(versioned.body, res.body);
    const created = await sn.request('POST', '/api/x_demo/ops/orders', { body: { item: 'x' } });
    assert.equal(created.status, 201);
  });

  void it('runs a Table API query with the path parameter, paged by Link headers that request() follows', async () => {
    const expected = await sn
      .table('incident')
      .list({ query: 'active=true^priority=2', fields: ['sys_id'] })
      .toArray({ max: 10_000 });
    assert.ok(expected.length > 3);
    const seen: string[] = [];
    let next: string | undefined = '/api/x_demo/ops/incidents/2';
    let query: Record<string, string> | undefined = { sysparm_limit: '3', sysparm_fields: 'sys_id,priority' };
    while (next !== undefined) {
      const page: { headers: Headers; body: { result: { sys_id: string; priority: string }[] } } = await sn.request(
        'GET',
        next,
        query ? { query } : {},
      );
      assert.ok(page.body.result.every((r) => r.priority === '2'));
      seen.push(...page.body.result.map((r) => r.sys_id));
      next = page.body.result.length === 0 ? undefined : parseLinkHeader(page.headers.get('link')).next;
      query = undefined;
    }
    assert.deepEqual(seen.sort(), expected.map((r) => String(r.sys_id)).sort());
  });

  void it('streams the body with responseType "stream"', async () => {
    const res = await sn.request('GET', '/api/x_demo/ops/status', { responseType: 'stream' });
    const text = await new Response(res.stream).text();
    assert.equal((JSON.parse(text) as Status).result.version, '1.4.2');
  });

  void it('serves operations users add as rows, and says what is wrong with a broken one', async () => {
    const def = await sn
      .table('sys_ws_definition')
      .create({ name: 'Orders', namespace: 'x_acme', service_id: 'orders' });
    await sn.table('sys_ws_operation').create({
      name: 'Latest',
      web_service_definition: String(def.sys_id),
      http_method: 'GET',
      relative_path: '/order/latest',
      emulator_response: '{"result":{"number":"ORD1"}}',
    });
    await sn.table('sys_ws_operation').create({
      name: 'By id',
      web_service_definition: String(def.sys_id),
      http_method: 'GET',
      relative_path: '/order/{id}',
      emulator_response: '{"result":{"any":true}}',
      emulator_status: '202',
    });
    await sn.table('sys_ws_operation').create({
      name: 'Scripted only',
      web_service_definition: String(def.sys_id),
      http_method: 'POST',
      relative_path: '/order',
      operation_script: '(function process(request, response) {})(request, response);',
    });
    assert.deepEqual((await sn.request('GET', '/api/x_acme/orders/order/latest')).body, { result: { number: 'ORD1' } });
    assert.equal((await sn.request('GET', '/api/x_acme/orders/order/42')).status, 202);
    await assert.rejects(sn.request('POST', '/api/x_acme/orders/order'), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.status, 501);
      assert.match(err.detail ?? '', /cannot run operation_script/);
      return true;
    });
    await assert.rejects(sn.request('DELETE', '/api/x_acme/orders/order/latest'), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.status, 405);
      return true;
    });
    await assert.rejects(sn.request('GET', '/api/x_acme/orders/nothing'), BadRequestError);
  });

  void it('accepts an absolute URL on the instance and refuses other origins and bad methods locally', async () => {
    const res = await sn.request<Status>('GET', `${emu.url}/api/x_demo/ops/status`);
    assert.equal(res.body.result.status, 'ok');
    await emu.clearRequests();
    await assert.rejects(sn.request('GET', 'https://evil.example.org/api/x_demo/ops/status'), ConfigError);
    await assert.rejects(sn.request('GET', '//evil.example.org/x'), ConfigError);
    await assert.rejects(sn.request('GET', 'api/now'), ConfigError);
    await assert.rejects(sn.request('GE T', '/api/x_demo/ops/status'), ConfigError);
    assert.equal((await emu.requests()).length, 0);
  });
});
