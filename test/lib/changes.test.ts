import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadRequestError,
  changeValues,
  ConfigError,
  NotFoundError,
  PermissionDeniedError,
  type ServiceNowClient,
} from '../../src/lib/index.js';
import { basicClient, useLibClient } from './lib-emulator.js';

const lib = useLibClient();
let itil: ServiceNowClient;

const client = (username: string, password: string): ServiceNowClient => basicClient(lib.emu, username, password);

const WINDOW = { start_date: '2030-03-01 22:00:00', end_date: '2030-03-01 23:00:00' };

async function templateId(name: string): Promise<string> {
  const templates = await lib.sn.changes.templates();
  const found = templates.find((t) => t.fields.name?.value === name);
  assert.ok(found, `template ${name}`);
  return found.sysId;
}

void describe('lib.sn.changes (Change Management API) against the emulator', () => {
  before(() => {
    itil = client('itil.user', 'itil');
  });
  beforeEach(() => lib.emu.reset());
  after(() => itil.close());

  void it('creates normal and emergency changes in state New, every field {display_value, value} typed', async () => {
    const normal = await itil.changes.create('normal', { short_description: 'Upgrade RAM', state: 'Scheduled' });
    assert.match(normal.number, /^CHG\d{7}$/);
    assert.deepEqual(normal.fields.state, { display_value: 'New', value: -5 });
    assert.deepEqual(normal.fields.type, { display_value: 'Normal', value: 'normal' });
    assert.equal(normal.fields.active?.value, true);
    assert.deepEqual(normal.ignoredFields, ['state']);
    assert.equal(normal.fields.opened_at?.display_value_internal, normal.fields.opened_at?.value);
    const emergency = await itil.changes.create('emergency', { short_description: 'Replace disk', no_such: 'x' });
    assert.equal(changeValues(emergency).type, 'emergency');
    assert.deepEqual(emergency.ignoredFields, ['no_such']);
    const got = await lib.sn.changes.get(emergency.sysId);
    assert.equal(got.fields.short_description?.value, 'Replace disk');
  });

  void it('creates a standard change from a template: template values, approved, template-only fields ignored', async () => {
    const id = await templateId('Reboot Windows Server');
    const change = await itil.changes.createStandard(id, {
      cmdb_ci: 'win2019-app01',
      backout_plan: 'mine',
      short_description: 'Reboot app01',
    });
    const v = changeValues(change);
    assert.equal(v.type, 'standard');
    assert.equal(v.approval, 'approved');
    assert.equal(v.std_change_producer_version, id);
    assert.equal(v.backout_plan, 'Power-cycle from the console');
    assert.equal(v.short_description, 'Reboot app01');
    assert.equal(change.fields.cmdb_ci?.display_value, 'win2019-app01');
    assert.equal(v.conflict_status, 'Not Run');
    assert.deepEqual(change.ignoredFields, ['backout_plan']);
    await assert.rejects(lib.sn.changes.createStandard('ffffffffffffffffffffffffffffffff'), NotFoundError);
  });

  void it('lists by type with a query, limit and offset; templates list only active ones', async () => {
    const standard = await lib.sn.changes.list({ type: 'standard', limit: 2 });
    assert.equal(standard.length, 2);
    assert.ok(standard.every((c) => c.fields.type?.value === 'standard'));
    const next = await lib.sn.changes.list({ type: 'standard', limit: 2, offset: 2 });
    assert.notEqual(next[0]?.sysId, standard[0]?.sysId);
    const one = await lib.sn.changes.list({ query: 'number=CHG0000004' });
    assert.deepEqual(
      one.map((c) => c.number),
      ['CHG0000004'],
    );
    assert.equal((await lib.sn.changes.templates()).length, 3);
    await assert.rejects(lib.sn.changes.list({ type: 'bogus' as 'normal' }), ConfigError);
  });

  void it('updates with display values and deletes (change_manager/admin only) with the tasks', async () => {
    const change = await itil.changes.create('normal', { short_description: 'To update' });
    const updated = await itil.changes.update(change.sysId, { state: 'Scheduled', risk: 'Low' });
    assert.deepEqual(updated.fields.state, { display_value: 'Scheduled', value: -2 });
    assert.equal(updated.fields.risk?.value, 4);
    const task = await itil.changes.createTask(change.sysId, { short_description: 'Back up first' });
    await assert.rejects(itil.changes.delete(change.sysId), PermissionDeniedError);
    await lib.sn.changes.delete(change.sysId);
    await assert.rejects(lib.sn.changes.get(change.sysId), NotFoundError);
    await assert.rejects(lib.sn.table('change_task').get(task.sysId), NotFoundError);
  });

  void it('manages change tasks linked by change_request and parent; a task of another change is not found', async () => {
    const [first] = await lib.sn.changes.list({ query: 'number=CHG0000004' });
    assert.ok(first);
    const seeded = await lib.sn.changes.tasks(first.sysId);
    assert.deepEqual(
      seeded.map((t) => t.fields.short_description?.value),
      ['Take a backup', 'Apply the change'],
    );
    const other = await lib.sn.changes.create('normal', { short_description: 'Other' });
    const task = await lib.sn.changes.createTask(other.sysId, {
      short_description: 'Do it',
      change_request: first.sysId,
    });
    assert.match(task.number, /^CTASK\d{7}$/);
    assert.equal(task.fields.change_request?.value, other.sysId);
    assert.equal(task.fields.parent?.value, other.sysId);
    assert.deepEqual(task.ignoredFields, ['change_request']);
    const renamed = await lib.sn.changes.updateTask(other.sysId, task.sysId, { short_description: 'Done' });
    assert.equal(renamed.fields.short_description?.value, 'Done');
    await assert.rejects(lib.sn.changes.updateTask(first.sysId, task.sysId, { short_description: 'x' }), NotFoundError);
    await assert.rejects(lib.sn.changes.deleteTask(first.sysId, task.sysId), NotFoundError);
    await lib.sn.changes.deleteTask(other.sysId, task.sysId);
    assert.deepEqual(await lib.sn.changes.tasks(other.sysId), []);
    await assert.rejects(lib.sn.changes.tasks('ffffffffffffffffffffffffffffffff'), NotFoundError);
  });

  void it('conflict check: overlapping open changes on the same CI conflict; cancel resets the status', async () => {
    const a = await lib.sn.changes.create('normal', { short_description: 'A', cmdb_ci: 'mail01', ...WINDOW });
    const b = await lib.sn.changes.create('normal', {
      short_description: 'B',
      cmdb_ci: 'mail01',
      start_date: '2030-03-01 22:30:00',
      end_date: '2030-03-02 01:00:00',
    });
    const apart = await lib.sn.changes.create('normal', {
      short_description: 'Later',
      cmdb_ci: 'mail01',
      start_date: '2030-03-05 22:00:00',
      end_date: '2030-03-05 23:00:00',
    });
    const elsewhere = await lib.sn.changes.create('normal', {
      short_description: 'Other CI',
      cmdb_ci: 'web01',
      ...WINDOW,
    });
    assert.equal((await lib.sn.changes.conflicts(a.sysId)).status, 'Not Run');
    const worker = await lib.sn.changes.startConflictCheck(a.sysId);
    assert.match(worker, /^[0-9a-f]{32}$/);
    const result = await lib.sn.changes.conflicts(a.sysId);
    assert.equal(result.status, 'Conflict');
    assert.equal(result.recordCount, 1);
    assert.equal(result.conflicts[0]?.conflictingChange?.value, b.sysId);
    assert.equal(result.conflicts[0]?.conflictingChange?.display_value, b.number);
    assert.equal(result.conflicts[0]?.configurationItem?.display_value, 'mail01');
    assert.equal(result.conflicts[0]?.type.value, 'ci_already_scheduled');
    assert.equal((await lib.sn.changes.get(a.sysId)).fields.conflict_status?.value, 'Conflict');
    assert.notEqual(result.conflicts[0]?.conflictingChange?.value, apart.sysId);
    assert.notEqual(result.conflicts[0]?.conflictingChange?.value, elsewhere.sysId);

    await lib.sn.changes.startConflictCheck(apart.sysId);
    assert.equal((await lib.sn.changes.conflicts(apart.sysId)).status, 'No Conflict');

    await lib.sn.changes.cancelConflictCheck(a.sysId);
    const canceled = await lib.sn.changes.conflicts(a.sysId);
    assert.equal(canceled.status, 'Not Run');
    assert.deepEqual(canceled.conflicts, []);
    await assert.rejects(lib.sn.changes.cancelConflictCheck(a.sysId), BadRequestError);
  });

  void it('a conflict check without planned dates cannot start and changes nothing', async () => {
    const change = await lib.sn.changes.create('normal', { short_description: 'No dates', cmdb_ci: 'mail01' });
    await assert.rejects(lib.sn.changes.startConflictCheck(change.sysId), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.match(err.detail ?? '', /planned start date and end date/);
      return true;
    });
    assert.equal((await lib.sn.changes.get(change.sysId)).fields.conflict_status?.value, 'Not Run');
  });

  void it('refuses bad input locally and answers 404 and 400 in the envelope for the rest', async () => {
    await lib.emu.clearRequests();
    await assert.rejects(lib.sn.changes.create('standard' as 'normal'), ConfigError);
    await assert.rejects(lib.sn.changes.create('normal', { 'bad name': 'x' }), ConfigError);
    await assert.rejects(lib.sn.changes.create('normal', { impact: { a: 1 } as unknown as string }), ConfigError);
    await assert.rejects(lib.sn.changes.get('../etc'), ConfigError);
    assert.equal((await lib.emu.requests()).length, 0);
    await assert.rejects(lib.sn.changes.get('ffffffffffffffffffffffffffffffff'), NotFoundError);
    const raw = await lib.sn
      .request('POST', '/api/sn_chg_rest/change', { body: { type: 'standard' } })
      .catch((e: unknown) => e);
    assert.ok(raw instanceof BadRequestError);
    assert.equal(raw.serviceNowMessage, 'Standard changes are created from a template');
    const before = await lib.sn.changes.list({ limit: 1000 });
    const invalid = await lib.sn
      .request('POST', '/api/sn_chg_rest/change/normal', { body: ['not', 'an', 'object'] })
      .catch((e: unknown) => e);
    assert.ok(invalid instanceof BadRequestError);
    assert.equal((await lib.sn.changes.list({ limit: 1000 })).length, before.length);
  });
});
