import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';
import { plainLinks, tableRequest, tableRows, tableWrite } from '../helpers/table-api.js';

const emu = useEmulator({ seed: false }, { resetEach: true });

type Rec = Record<string, string>;

const call = (method: string, path: string, body?: unknown, user = 'admin'): Promise<Response> =>
  tableRequest(emu, method, plainLinks(path), { body, user });
const write = (method: string, path: string, body: unknown, user = 'admin'): Promise<Rec> =>
  tableWrite(emu, method, plainLinks(path), body, user);
const rows = (table: string, query: string): Promise<Rec[]> => tableRows(emu, table, query, { plainLinks: true });

/** A no-code business rule, created through the Table API as a user would. */
const rule = (fields: Rec): Promise<Rec> =>
  write('POST', 'sys_script', { active: 'true', when: 'before', order: '100', ...fields });

void describe('no-code business rules (sys_script rows)', () => {
  void it('a before insert rule sets field values when its filter condition holds', async () => {
    await rule({
      name: 'Network to Network group',
      collection: 'incident',
      action_insert: 'true',
      filter_condition: 'category=network^EQ',
      template: 'assignment_group=287ebd7da9fe198100f92cc8d1d2154e^urgency=1^EQ',
    });
    const hit = await write('POST', 'incident', { category: 'network', impact: '1' }, 'itil.user');
    assert.equal(hit.assignment_group, '287ebd7da9fe198100f92cc8d1d2154e');
    assert.equal(hit.urgency, '1');
    assert.equal(hit.priority, '1', 'the set urgency still feeds the priority lookup');
    const miss = await write('POST', 'incident', { category: 'software' }, 'itil.user');
    assert.equal(miss.assignment_group, '');
  });

  void it('rules on task apply to incidents; inactive rules and other actions do not fire', async () => {
    await rule({ name: 'Task rule', collection: 'task', action_insert: 'true', template: 'description=from task' });
    await rule({ name: 'Off', collection: 'incident', active: 'false', action_insert: 'true', template: 'urgency=1' });
    await rule({ name: 'Update only', collection: 'incident', action_update: 'true', template: 'close_notes=upd' });
    const inc = await write('POST', 'incident', { short_description: 'x' });
    assert.equal(inc.description, 'from task');
    assert.equal(inc.urgency, '3');
    assert.equal(inc.close_notes, '');
    const updated = await write('PATCH', `incident/${inc.sys_id}`, { short_description: 'y' });
    assert.equal(updated.close_notes, 'upd');
  });

  void it('a before rule that aborts refuses the write with 403 and the rule in the detail', async () => {
    const blocker = await rule({
      name: 'Block P1 from API',
      collection: 'incident',
      action_insert: 'true',
      action_update: 'true',
      filter_condition: 'priority=1^EQ',
      abort_action: 'true',
    });
    const before = (await rows('incident', '')).length;
    const res = await call('POST', 'incident', { impact: '1', urgency: '1', short_description: 'p1' });
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), {
      error: {
        message: 'Operation Failed',
        detail: `Operation against file 'incident' was aborted by Business Rule 'Block P1 from API^${blocker.sys_id}'. Business Rule Stack:Block P1 from API`,
      },
      status: 'failure',
    });
    assert.equal((await rows('incident', '')).length, before, 'nothing was inserted');
    const ok = await write('POST', 'incident', { impact: '2', urgency: '2' });
    const refused = await call('PATCH', `incident/${ok.sys_id}`, { impact: '1', urgency: '1' });
    assert.equal(refused.status, 403);
    const stored = await write('GET', `incident/${ok.sys_id}`, undefined);
    assert.equal(stored.priority, '3');
    assert.equal(stored.sys_mod_count, '0');
  });

  void it('change operators: CHANGESTO fires only when the field changes to the value', async () => {
    await rule({
      name: 'Note on hold',
      collection: 'incident',
      action_update: 'true',
      filter_condition: 'stateCHANGESTO3^EQ',
      template: 'hold_reason=1',
    });
    const inc = await write('POST', 'incident', { state: '3' });
    assert.equal(inc.hold_reason, '', 'not on insert');
    const other = await write('PATCH', `incident/${inc.sys_id}`, { short_description: 'still on hold' });
    assert.equal(other.hold_reason, '');
    const moved = await write('POST', 'incident', { state: '2' });
    assert.equal((await write('PATCH', `incident/${moved.sys_id}`, { state: '3' })).hold_reason, '1');
  });

  void it('delete rules can abort a delete; after rules add their message (kept in syslog)', async () => {
    await rule({
      name: 'Keep P1',
      collection: 'incident',
      action_delete: 'true',
      filter_condition: 'priority=1',
      abort_action: 'true',
    });
    await rule({
      name: 'Tell about new incidents',
      collection: 'incident',
      when: 'after',
      action_insert: 'true',
      add_message: 'true',
      message: 'Incident created',
    });
    const p1 = await write('POST', 'incident', { impact: '1', urgency: '1' });
    const res = await call('DELETE', `incident/${p1.sys_id}`);
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { error: Rec }).error.message, 'Operation Failed');
    assert.equal((await call('GET', `incident/${p1.sys_id}`)).status, 200);
    const log = await rows('syslog', `sourceLIKE${p1.sys_id}`);
    assert.deepEqual(
      log.map((l) => l.message),
      ['Incident created'],
    );
  });
});
