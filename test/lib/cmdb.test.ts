import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadRequestError,
  ConfigError,
  createClient,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
  type IreItem,
  type ServiceNowClient,
} from '../../src/lib/index.js';
import { startLibClient, stopLibClient, type LibEmulator } from './lib-emulator.js';

let emu: LibEmulator;
let sn: ServiceNowClient;

const count = async (table: string, query: string): Promise<number> => (await sn.stats(table, { query })).count ?? -1;
const relType = async (name: string): Promise<string> => {
  const [row] = await sn
    .table('cmdb_rel_type')
    .list({ query: `name=${name}`, fields: ['sys_id'] })
    .toArray({ max: 1 });
  return String(row?.sys_id);
};

void describe('sn.cmdb: the CMDB Instance API against the emulator', () => {
  before(async () => ({ emu, sn } = await startLibClient()));
  after(() => stopLibClient({ emu, sn }));

  void it('lists CIs of a class and its subclasses, filtered by an encoded query', async () => {
    const servers = await sn.cmdb.list('cmdb_ci_server', { query: 'nameSTARTSWITHlnux', limit: 3 });
    assert.deepEqual(
      servers.map((s) => s.name),
      ['lnux100', 'lnux101', 'lnux102'],
    );
    assert.ok(
      (await sn.cmdb.list('cmdb_ci_hardware')).some((s) => s.name === 'lnux100'),
      'subclass rows included',
    );
    await assert.rejects(sn.cmdb.list('incident'), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.match(err.serviceNowMessage, /Invalid class incident/);
      return true;
    });
  });

  void it('get returns attributes with references and the relations in both directions', async () => {
    const [email] = await sn.cmdb.list('cmdb_ci_service', { query: 'name=Email' });
    const service = await sn.cmdb.get('cmdb_ci_service', email?.sysId ?? '');
    assert.equal(service.className, 'cmdb_ci_service');
    assert.equal(service.attributes.name, 'Email');
    assert.deepEqual(
      service.outboundRelations.map((r) => [r.type.name, r.target.name]),
      [
        ['Depends on::Used by', 'lnux100'],
        ['Depends on::Used by', 'lnux101'],
      ],
    );
    const server = await sn.cmdb.get('cmdb_ci', service.outboundRelations[0]?.target.sysId ?? '');
    assert.deepEqual(
      server.inboundRelations.map((r) => r.target.name),
      ['Email'],
    );
    const company = server.attributes.company as { display_value: string; link: string; value: string };
    assert.equal(company.display_value, 'ACME North America');
    assert.match(company.link, /\/api\/now\/table\/core_company\/[0-9a-f]{32}$/);
    await assert.rejects(sn.cmdb.get('cmdb_ci_appl', server.sysId), NotFoundError, 'a server is not an application');
    await assert.rejects(sn.cmdb.get('cmdb_ci', 'f'.repeat(32)), NotFoundError);
  });

  void it('create, update, add and delete relations; a create of a known CI updates it', async () => {
    const runsOn = await relType('Runs on::Runs');
    const [host] = await sn.cmdb.list('cmdb_ci_server', { query: 'name=lnux103' });
    const app = await sn.cmdb.create('cmdb_ci_appl', {
      source: 'ServiceNow',
      attributes: { name: 'billing-api', version: '1.4' },
      outboundRelations: [{ type: runsOn, target: host?.sysId ?? '' }],
    });
    assert.equal(app.className, 'cmdb_ci_appl');
    assert.equal(app.attributes.discovery_source, 'ServiceNow');
    assert.equal(app.outboundRelations[0]?.target.name, 'lnux103');
    const again = await sn.cmdb.create('cmdb_ci_appl', {
      source: 'ServiceNow',
      attributes: { name: 'billing-api', version: '1.5' },
    });
    assert.equal(again.sysId, app.sysId, 'identified by name, not duplicated');
    assert.equal(again.attributes.version, '1.5');
    const updated = await sn.cmdb.update('cmdb_ci_appl', app.sysId, {
      source: 'ServiceNow',
      attributes: { edition: 'EE' },
    });
    assert.equal(updated.attributes.version, '1.5', 'attributes not sent are kept');
    assert.equal(updated.attributes.edition, 'EE');
    assert.equal(updated.outboundRelations.length, 1, 'relations untouched');
    const [other] = await sn.cmdb.list('cmdb_ci_server', { query: 'name=lnux102' });
    const related = await sn.cmdb.addRelations('cmdb_ci_appl', app.sysId, {
      source: 'ServiceNow',
      outboundRelations: [
        { type: runsOn, target: other?.sysId ?? '' },
        { type: runsOn, target: host?.sysId ?? '' },
      ],
    });
    assert.deepEqual(related.outboundRelations.map((r) => r.target.name).sort(), ['lnux102', 'lnux103']);
    const removed = related.outboundRelations.find((r) => r.target.name === 'lnux102');
    await sn.cmdb.deleteRelation('cmdb_ci_appl', app.sysId, removed?.sysId ?? '');
    assert.deepEqual(
      (await sn.cmdb.get('cmdb_ci_appl', app.sysId)).outboundRelations.map((r) => r.target.name),
      ['lnux103'],
    );
    await assert.rejects(sn.cmdb.deleteRelation('cmdb_ci_appl', app.sysId, removed?.sysId ?? ''), NotFoundError);
  });

  void it('wrong input is refused before anything is written', async () => {
    const before = await count('cmdb_ci', 'name=never-written');
    await assert.rejects(
      sn.cmdb.create('cmdb_ci_appl', { source: '', attributes: { name: 'never-written' } }),
      ConfigError,
    );
    const noSource = await sn
      .request('POST', '/api/now/cmdb/instance/cmdb_ci_appl', { body: { attributes: { name: 'never-written' } } })
      .catch((err: unknown) => err);
    assert.ok(noSource instanceof BadRequestError);
    assert.match(noSource.detail ?? '', /"source" is required/);
    await assert.rejects(
      sn.cmdb.create('cmdb_ci_appl', { source: 'Bogus', attributes: { name: 'never-written' } }),
      (err: unknown) => err instanceof BadRequestError && /Invalid source \[Bogus\]/.test(err.detail ?? ''),
    );
    await assert.rejects(
      sn.cmdb.create('cmdb_ci_appl', {
        source: 'ServiceNow',
        attributes: { name: 'never-written' },
        outboundRelations: [{ type: 'a'.repeat(32), target: 'b'.repeat(32) }],
      }),
      (err: unknown) => err instanceof BadRequestError && /not a cmdb_rel_type/.test(err.detail ?? ''),
    );
    assert.equal(await count('cmdb_ci', 'name=never-written'), before);
    const itil = createClient({
      name: 'itil',
      baseUrl: emu.baseUrl(),
      auth: { type: 'basic', username: 'itil.user', password: 'itil' },
    });
    try {
      assert.ok((await itil.cmdb.list('cmdb_ci_server')).length > 0, 'itil reads the CMDB');
      await assert.rejects(
        itil.cmdb.create('cmdb_ci_appl', { source: 'ServiceNow', attributes: { name: 'never-written' } }),
        PermissionDeniedError,
      );
    } finally {
      await itil.close();
    }
  });
});

void describe('sn.cmdb.identifyReconcile (IRE) against the emulator', () => {
  before(async () => ({ emu, sn } = await startLibClient()));
  after(() => stopLibClient({ emu, sn }));

  void it('the same 1,000 CIs fed twice: the first run inserts, the second changes nothing, no duplicates', async () => {
    const classes = ['cmdb_ci_computer', 'cmdb_ci_linux_server', 'cmdb_ci_win_server', 'cmdb_ci_appl'];
    const items: IreItem[] = Array.from({ length: 1000 }, (_, i) => {
      const className = classes[i % 4] ?? 'cmdb_ci_computer';
      // Applications are identified by name, the hardware by serial number.
      return className === 'cmdb_ci_appl'
        ? { className, values: { name: `bulk-app-${i}`, version: '2.0' } }
        : { className, values: { name: `bulk-${i}`, serial_number: `BULK-${i}`, ram: String(1024 * (1 + (i % 8))) } };
    });
    const run = async (): Promise<Record<string, number>> => {
      const ops: Record<string, number> = {};
      for await (const batch of sn.cmdb.reconcileAll(items, { dataSource: 'ServiceNow', batchSize: 250 })) {
        for (const { result } of batch.items) {
          assert.deepEqual(result.errors, []);
          ops[result.operation] = (ops[result.operation] ?? 0) + 1;
        }
      }
      return ops;
    };
    assert.deepEqual(await run(), { INSERT: 1000 });
    assert.deepEqual(await run(), { NO_CHANGE: 1000 });
    assert.equal(await count('cmdb_ci', 'nameSTARTSWITHbulk-'), 1000);
    const grouped = await sn.stats('cmdb_ci', {
      query: 'nameSTARTSWITHbulk-',
      groupBy: ['name'],
      having: ['count^name^>^1'],
    });
    assert.deepEqual(grouped.groups, [], 'no name occurs twice');
    const [one] = await sn.cmdb.list('cmdb_ci_win_server', { query: 'name=bulk-2' });
    assert.equal((await sn.cmdb.get('cmdb_ci_win_server', one?.sysId ?? '')).attributes.discovery_source, 'ServiceNow');
  });

  void it('answers INSERT, UPDATE, NO_CHANGE and reclassification per item, with identification attempts', async () => {
    const payload = {
      items: [
        { className: 'cmdb_ci_linux_server', values: { name: 'ire-a', serial_number: 'IRE-A', ram: '2048' } },
        { className: 'cmdb_ci_computer', values: { name: 'ire-b' } },
      ],
    };
    const first = await sn.cmdb.identifyReconcile(payload, { dataSource: 'ServiceNow' });
    assert.deepEqual(
      first.items.map((i) => i.operation),
      ['INSERT', 'INSERT'],
    );
    assert.deepEqual(
      first.items[0]?.identificationAttempts.map((a) => [a.attributes.join(), a.attemptResult]),
      [
        ['serial_number', 'NO_MATCH'],
        ['name', 'NO_MATCH'],
      ],
    );
    const second = await sn.cmdb.identifyReconcile({
      items: [
        { className: 'cmdb_ci_linux_server', values: { name: 'ire-a', serial_number: 'IRE-A', ram: '4096' } },
        { className: 'cmdb_ci_linux_server', values: { name: 'ire-b' } },
      ],
    });
    assert.deepEqual(
      second.items.map((i) => i.operation),
      ['UPDATE', 'UPDATE_WITH_UPGRADE'],
    );
    assert.equal(second.items[0]?.sysId, first.items[0]?.sysId);
    assert.deepEqual(
      second.items[1]?.identificationAttempts.map((a) => a.attemptResult),
      ['SKIPPED', 'MATCHED'],
    );
    assert.equal((await sn.cmdb.get('cmdb_ci', first.items[1]?.sysId ?? '')).className, 'cmdb_ci_linux_server');
    const dry = await sn.cmdb.identifyReconcile(
      { items: [{ className: 'cmdb_ci_appl', values: { name: 'dry-run-app' } }] },
      { dryRun: true },
    );
    assert.equal(dry.items[0]?.operation, 'INSERT');
    assert.equal(dry.items[0]?.sysId, undefined);
    assert.equal(await count('cmdb_ci', 'name=dry-run-app'), 0, 'a dry run writes nothing');
  });

  void it('reports per-item errors and still reconciles the valid items', async () => {
    const res = await sn.cmdb.identifyReconcile({
      items: [
        { className: '', values: { name: 'x' } },
        { className: 'cmdb_ci_nonexistent', values: { name: 'x' } },
        { className: 'cmdb_ci_service', values: { name: 'x' } },
        { className: 'cmdb_ci_win_server', values: { ip_address: '10.9.9.9' } },
        { className: 'cmdb_ci_win_server', values: { name: 'twin' } },
        { className: 'cmdb_ci_win_server', values: { name: 'TWIN' } },
        { className: 'cmdb_ci_win_server', values: { name: 'valid-one' } },
      ],
    });
    assert.deepEqual(
      res.items.map((i) => i.errors[0]?.error ?? i.operation),
      [
        'NO_CLASS_NAME_FOR_INDEPENDENT_CI',
        'INVALID_INPUT_DATA',
        'IDENTIFICATION_RULE_MISSING',
        'MISSING_MATCHING_ATTRIBUTES',
        'DUPLICATE_PAYLOAD_RECORDS',
        'DUPLICATE_PAYLOAD_RECORDS',
        'INSERT',
      ],
    );
    assert.ok(res.items.slice(0, 6).every((i) => i.sysId === undefined));
    assert.equal(await count('cmdb_ci', 'nameLIKEtwin'), 0);
    const badSource = await sn.cmdb.identifyReconcile(
      { items: [{ className: 'cmdb_ci_appl', values: { name: 'bad-source-app' } }] },
      { dataSource: 'Nope' },
    );
    assert.equal(badSource.items[0]?.errors[0]?.error, 'INVALID_INPUT_DATA');
    assert.match(badSource.items[0]?.errors[0]?.message ?? '', /Invalid data source \[Nope\]/);
    assert.equal(await count('cmdb_ci', 'name=bad-source-app'), 0);
    const malformed = await sn
      .request('POST', '/api/now/identifyreconcile', { body: { items: 'not an array' } })
      .catch((err: unknown) => err);
    assert.ok(malformed instanceof BadRequestError);
    await assert.rejects(sn.cmdb.identifyReconcile({ items: [] }), ConfigError);
  });

  void it('writes relations between items by index and by internal_id, once', async () => {
    const payload = {
      items: [
        { className: 'cmdb_ci_appl', internal_id: 'app', values: { name: 'rel-app' } },
        {
          className: 'cmdb_ci_linux_server',
          internal_id: 'host',
          values: { name: 'rel-host', serial_number: 'REL-1' },
        },
        { className: 'cmdb_ci_linux_server', values: { name: 'rel-db', serial_number: 'REL-2' } },
      ],
      relations: [
        { parent_id: 'app', child_id: 'host', type: 'Runs on::Runs' },
        { parent: 0, child: 2, type: 'Depends on::Used by' },
        { parent: 0, child: 7, type: 'Depends on::Used by' },
        { parent: 1, child: 2, type: 'No such type' },
      ],
    };
    const first = await sn.cmdb.identifyReconcile(payload);
    assert.deepEqual(
      first.relations.map((r) => r.errors[0]?.error ?? r.operation),
      ['INSERT', 'INSERT', 'INVALID_INPUT_DATA', 'INVALID_INPUT_DATA'],
    );
    const second = await sn.cmdb.identifyReconcile(payload);
    assert.deepEqual(
      second.relations.slice(0, 2).map((r) => r.operation),
      ['NO_CHANGE', 'NO_CHANGE'],
    );
    const app = await sn.cmdb.get('cmdb_ci_appl', first.items[0]?.sysId ?? '');
    assert.deepEqual(app.outboundRelations.map((r) => `${r.type.name} ${r.target.name}`).sort(), [
      'Depends on::Used by rel-db',
      'Runs on::Runs rel-host',
    ]);
  });

  void it('enhanced IRE adds a summary; a malformed options string is a 500; queryEnhanced writes nothing', async () => {
    const items = [{ className: 'cmdb_ci_appl', values: { name: 'enhanced-app' } }];
    const res = (
      await sn.request('POST', '/api/now/identifyreconcile/enhanced', {
        query: { sysparm_data_source: 'ServiceNow', options: 'partial_commits:true,generate_summary:true' },
        body: { items },
      })
    ).body as { result: { hasError: boolean; summary: Record<string, { inserted: number }> } };
    assert.equal(res.result.hasError, false);
    assert.equal(res.result.summary.cmdb_ci_appl?.inserted, 1);
    const bad = await sn
      .request('POST', '/api/now/identifyreconcile/enhanced', {
        query: { options: 'generate_summary' },
        body: { items },
      })
      .catch((err: unknown) => err);
    assert.ok(bad instanceof ServerError);
    assert.equal(bad.serviceNowMessage, 'Chunk [generate_summary] is not a valid entry');
    const dry = (
      await sn.request('POST', '/api/now/identifyreconcile/queryEnhanced', {
        body: { items: [{ className: 'cmdb_ci_appl', values: { name: 'enhanced-dry' } }] },
      })
    ).body as { result: { items: { operation: string; sysId: string }[] } };
    assert.deepEqual(
      dry.result.items.map((i) => [i.operation, i.sysId]),
      [['INSERT', 'Unknown']],
    );
    assert.equal(await count('cmdb_ci', 'name=enhanced-dry'), 0);
  });

  void it('PUT on the Instance API is partial like PATCH', async () => {
    const created = await sn.cmdb.create('cmdb_ci_win_server', {
      source: 'SCCM',
      attributes: { name: 'put-target', serial_number: 'PUT-1', os: 'Windows 2022' },
    });
    assert.equal(created.attributes.discovery_source, 'SCCM');
    const put = (
      await sn.request('PUT', `/api/now/cmdb/instance/cmdb_ci_win_server/${created.sysId}`, {
        body: { source: 'SCCM', attributes: { ram: '8192' } },
      })
    ).body as { result: { attributes: Record<string, string> } };
    assert.equal(put.result.attributes.ram, '8192');
    assert.equal(put.result.attributes.os, 'Windows 2022');
  });
});
