// No-code business rules beyond the Table API: an aborting before rule refuses writes of the Service
// Catalog, CMDB Instance, IRE and Change APIs as it does on the Table API (403, nothing written), role
// conditions choose whose writes a rule sees, and an after rule's set-field values are not saved.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';

let emu: TestEmulator;

type Rec = Record<string, string>;

async function call(method: string, path: string, body?: unknown, user = 'admin'): Promise<Response> {
  return fetch(`${emu.url}/api/${path}`, {
    method,
    headers: { authorization: emu.basic(user), accept: 'application/json', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function ok(method: string, path: string, body?: unknown, user = 'admin'): Promise<Rec> {
  const res = await call(method, path, body, user);
  assert.ok(res.status === 200 || res.status === 201, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return ((await res.json()) as { result: Rec }).result;
}

async function count(table: string, query = ''): Promise<number> {
  const res = await call('GET', `now/table/${table}?sysparm_fields=sys_id&sysparm_query=${encodeURIComponent(query)}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { result: Rec[] }).result.length;
}

/** A no-code business rule, created through the Table API as a user would. */
const rule = (fields: Rec): Promise<Rec> =>
  ok('POST', 'now/table/sys_script', { active: 'true', when: 'before', order: '100', ...fields });

/** The Table API's answer to an aborted write, for a rule row. */
const refusal = (table: string, blocker: Rec) => ({
  error: {
    message: 'Operation Failed',
    detail: `Operation against file '${table}' was aborted by Business Rule '${blocker.name}^${blocker.sys_id}'. Business Rule Stack:${blocker.name}`,
  },
  status: 'failure',
});

void describe('business rules on the other APIs that write records', () => {
  before(async () => {
    emu = await startEmulator({ seed: false });
  });
  beforeEach(() => emu.reset());
  after(() => emu.close());

  void it('Service Catalog: an aborting rule on sc_request refuses order_now with 403 and writes nothing', async () => {
    const blocker = await rule({
      name: 'No orders today',
      collection: 'sc_request',
      action_insert: 'true',
      abort_action: 'true',
    });
    const [item] = (await ok('GET', 'now/table/sc_cat_item?sysparm_query=name=Standard Laptop')) as unknown as Rec[];
    assert.ok(item);
    const before = [await count('sc_request'), await count('sc_req_item'), await count('sc_item_option')];
    const res = await call('POST', `sn_sc/servicecatalog/items/${item.sys_id}/order_now`, { sysparm_quantity: '1' });
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), refusal('sc_request', blocker));
    assert.deepEqual([await count('sc_request'), await count('sc_req_item'), await count('sc_item_option')], before);
  });

  void it('CMDB Instance API and IRE: an aborting rule on cmdb_ci refuses the create with 403', async () => {
    const blocker = await rule({
      name: 'No test CIs',
      collection: 'cmdb_ci',
      action_insert: 'true',
      filter_condition: 'nameSTARTSWITHblocked^EQ',
      abort_action: 'true',
    });
    const instance = await call('POST', 'now/cmdb/instance/cmdb_ci_appl', {
      source: 'ServiceNow',
      attributes: { name: 'blocked-app' },
    });
    assert.equal(instance.status, 403);
    assert.deepEqual(await instance.json(), refusal('cmdb_ci_appl', blocker));
    const ire = await call('POST', 'now/identifyreconcile?sysparm_data_source=ServiceNow', {
      items: [
        { className: 'cmdb_ci_appl', values: { name: 'allowed-app' } },
        { className: 'cmdb_ci_appl', values: { name: 'blocked-app-2' } },
      ],
    });
    assert.equal(ire.status, 403);
    assert.deepEqual(await ire.json(), refusal('cmdb_ci_appl', blocker));
    assert.equal(await count('cmdb_ci', 'nameSTARTSWITHblocked^ORnameSTARTSWITHallowed'), 0, 'the payload rolled back');
    const allowed = await call('POST', 'now/cmdb/instance/cmdb_ci_appl', {
      source: 'ServiceNow',
      attributes: { name: 'fine-app' },
    });
    assert.equal(allowed.status, 200, 'the filter condition limits the rule');
  });

  void it('Change API: an aborting update rule answers 403 with the whole text in message', async () => {
    const change = await ok('POST', 'sn_chg_rest/change/normal', { short_description: 'patch the fleet' });
    const id = (change.sys_id as unknown as { value: string }).value;
    const blocker = await rule({
      name: 'Frozen changes',
      collection: 'change_request',
      action_update: 'true',
      abort_action: 'true',
    });
    const res = await call('PATCH', `sn_chg_rest/change/${id}`, { short_description: 'changed' });
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), {
      error: {
        message: `Change Request record could not be updated. ${refusal('change_request', blocker).error.detail}`,
        detail: '',
      },
      status: 'failure',
    });
    const stored = await ok('GET', `now/table/change_request/${id}?sysparm_fields=short_description`);
    assert.equal(stored.short_description, 'patch the fleet');
  });

  void it('role conditions: a rule runs only for callers with one of its roles (admin has them all)', async () => {
    await rule({
      name: 'ITIL note',
      collection: 'incident',
      action_insert: 'true',
      role_conditions: 'itil',
      template: 'description=by itil',
    });
    const managers = await ok('GET', 'now/table/sys_user_role?sysparm_query=name=change_manager&sysparm_fields=sys_id');
    await rule({
      name: 'Manager note',
      collection: 'incident',
      action_insert: 'true',
      role_conditions: `nobody_has_this,${(managers as unknown as Rec[])[0]?.sys_id ?? ''}`,
      template: 'close_notes=by manager',
    });
    const byItil = await ok('POST', 'now/table/incident', { short_description: 'x' }, 'itil.user');
    assert.deepEqual([byItil.description, byItil.close_notes], ['by itil', '']);
    const byAdmin = await ok('POST', 'now/table/incident', { short_description: 'y' });
    assert.deepEqual([byAdmin.description, byAdmin.close_notes], ['by itil', 'by manager']);
  });

  void it('filter conditions compare text case-sensitively, as on an instance; list queries do not', async () => {
    await rule({
      name: 'Tag urgent',
      collection: 'incident',
      action_insert: 'true',
      filter_condition: 'short_descriptionLIKEUrgent^ORshort_descriptionSTARTSWITH[P1]*',
      template: 'description=tagged',
    });
    await rule({
      name: 'Network group',
      collection: 'incident',
      action_insert: 'true',
      filter_condition: 'category=Network',
      template: 'close_notes=network',
    });
    const tagged = async (text: string, category = 'network'): Promise<string[]> => {
      const inc = await ok('POST', 'now/table/incident', { short_description: text, category });
      return [inc.description ?? '', inc.close_notes ?? ''];
    };
    assert.deepEqual(await tagged('Urgent: mail down'), ['tagged', '']);
    assert.deepEqual(await tagged('urgent: mail down'), ['', '']);
    assert.deepEqual(await tagged('[P1]* printer'), ['tagged', ''], 'GLOB characters are literal');
    assert.deepEqual(await tagged('[P1]x printer'), ['', '']);
    assert.deepEqual(await tagged('printer'), ['', ''], 'the stored category is network, not Network');
    assert.equal(await count('incident', 'short_descriptionLIKEURGENT'), 2, 'the Table API ignores case');
  });

  void it('after rules: set-field values are not saved (the record is written already), the message is', async () => {
    await rule({
      name: 'Too late',
      collection: 'incident',
      when: 'after',
      action_insert: 'true',
      template: 'description=set after',
      add_message: 'true',
      message: 'after rule ran',
    });
    const inc = await ok('POST', 'now/table/incident', { short_description: 'z' });
    assert.equal(inc.description, '');
    const stored = await ok('GET', `now/table/incident/${inc.sys_id}?sysparm_fields=description`);
    assert.equal(stored.description, '');
    assert.equal(await count('syslog', `message=after rule ran^sourceLIKE${inc.sys_id}`), 1);
  });
});
