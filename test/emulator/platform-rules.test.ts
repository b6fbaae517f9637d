import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';
import { plainLinks, tableRequest, tableRows, tableWrite } from '../helpers/table-api.js';

const emu = useEmulator({ seed: false, clock: () => new Date(now) }, { resetEach: true });
let now = Date.parse('2026-05-04T10:00:00Z');
const stamp = (): string => new Date(now).toISOString().slice(0, 19).replace('T', ' ');
/** The emulator clock's instant on a wall clock of the zone, as `yyyy-MM-dd HH:mm:ss` (Intl, not the emulator). */
const wallClock = (timeZone: string): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23' }).format(now);

type Rec = Record<string, string>;

const call = (method: string, path: string, user = 'admin', body?: unknown): Promise<Response> =>
  tableRequest(emu, method, path, { body, user });
const write = (method: string, path: string, body: unknown, user = 'admin'): Promise<Rec> =>
  tableWrite(emu, method, plainLinks(path), body, user);
const rows = (table: string, query: string): Promise<Rec[]> => tableRows(emu, table, query);

const ITIL_USER_ID = '681b365ec0a80164000fb0b05854a0cd';

void describe('rules every instance runs on insert and update', () => {
  void it('insert: number, opened_at, opened_by and sys_created_by name the calling user', async () => {
    const inc = await write('POST', 'incident', { short_description: 'x' }, 'itil.user');
    assert.match(inc.number!, /^INC\d{7}$/);
    assert.equal(inc.opened_at, stamp());
    assert.equal(inc.opened_by, ITIL_USER_ID);
    assert.equal(inc.sys_created_by, 'itil.user');
    assert.equal(inc.sys_updated_by, 'itil.user');
    assert.equal(inc.sys_mod_count, '0');
    const prb = await write('POST', 'problem', { short_description: 'y' });
    assert.match(prb.number!, /^PRB\d{7}$/);
  });

  void it('priority follows the standard impact × urgency matrix on incidents and problems', async () => {
    const matrix: [string, string, string][] = [
      ['1', '1', '1'],
      ['1', '2', '2'],
      ['1', '3', '3'],
      ['2', '1', '2'],
      ['2', '2', '3'],
      ['2', '3', '4'],
      ['3', '1', '3'],
      ['3', '2', '4'],
      ['3', '3', '5'],
    ];
    for (const [impact, urgency, priority] of matrix) {
      const inc = await write('POST', 'incident', { impact, urgency });
      assert.equal(inc.priority, priority, `incident ${impact}×${urgency}`);
    }
    const prb = await write('POST', 'problem', { impact: '1', urgency: '1' });
    assert.equal(prb.priority, '1');
    const updated = await write('PATCH', `problem/${prb.sys_id}`, { urgency: '3' });
    assert.equal(updated.priority, '3');
  });

  void it('active follows state; closing stamps closed_at/closed_by, resolving resolved_at/resolved_by', async () => {
    const inc = await write('POST', 'incident', { short_description: 'close me' });
    assert.equal(inc.active, 'true');
    now += 60_000;
    const resolved = await write('PATCH', `incident/${inc.sys_id}`, { state: '6' }, 'itil.user');
    assert.equal(resolved.active, 'true');
    assert.equal(resolved.resolved_at, stamp());
    assert.equal(resolved.resolved_by, ITIL_USER_ID);
    assert.equal(resolved.incident_state, '6');
    now += 60_000;
    const closed = await write('PATCH', `incident/${inc.sys_id}`, { state: '7' }, 'itil.user');
    assert.equal(closed.active, 'false');
    assert.equal(closed.closed_at, stamp());
    assert.equal(closed.closed_by, ITIL_USER_ID);
    const reopened = await write('PATCH', `incident/${inc.sys_id}`, { state: '2' });
    assert.equal(reopened.active, 'true');
    const chg = await write('POST', 'change_request', { short_description: 'c' });
    assert.equal((await write('PATCH', `change_request/${chg.sys_id}`, { state: '3' })).active, 'false');
  });

  void it('updates count sys_mod_count and name the updating user', async () => {
    const inc = await write('POST', 'incident', { short_description: 'a' });
    const once = await write('PATCH', `incident/${inc.sys_id}`, { short_description: 'b' }, 'itil.user');
    assert.equal(once.sys_mod_count, '1');
    assert.equal(once.sys_updated_by, 'itil.user');
    assert.equal(once.sys_created_by, 'admin');
    const same = await write('PATCH', `incident/${inc.sys_id}`, { short_description: 'b' });
    assert.equal(same.sys_mod_count, '1');
  });

  void it('comments and work notes become sys_journal_field rows; the parent reads them back', async () => {
    const inc = await write('POST', 'incident', { short_description: 'j', comments: 'first' }, 'itil.user');
    now += 1000;
    await write('PATCH', `incident/${inc.sys_id}`, { work_notes: 'second' }, 'itil.user');
    const journal = await rows('sys_journal_field', `element_id=${inc.sys_id}^ORDERBYsys_created_on`);
    assert.deepEqual(
      journal.map((j) => [j.name, j.element, j.value, j.sys_created_by]),
      [
        ['incident', 'comments', 'first', 'itil.user'],
        ['incident', 'work_notes', 'second', 'itil.user'],
      ],
    );
    const raw = await write('GET', `incident/${inc.sys_id}?sysparm_fields=comments,work_notes`, undefined);
    assert.deepEqual(raw, { comments: '', work_notes: '' });
    const shown = await write(
      'GET',
      `incident/${inc.sys_id}?sysparm_display_value=true&sysparm_fields=work_notes`,
      undefined,
    );
    // The entry header is in the reader's time zone and date format (admin: Pacific, as on a PDI).
    assert.equal(shown.work_notes, `${wallClock('America/Los_Angeles')} - ITIL User (Work notes)\nsecond\n\n`);
    await write('PATCH', `sys_user/${ITIL_USER_ID}`, { time_zone: 'Europe/Berlin', date_format: 'dd.MM.yyyy' });
    const berlin = await write(
      'GET',
      `incident/${inc.sys_id}?sysparm_display_value=true&sysparm_fields=work_notes`,
      undefined,
      'itil.user',
    );
    const [day, time] = wallClock('Europe/Berlin').split(' ');
    const german = `${day?.split('-').reverse().join('.')} ${time}`;
    assert.equal(berlin.work_notes, `${german} - ITIL User (Work notes)\nsecond\n\n`);
  });

  void it('field changes of audited tables land in sys_audit (inserts only with glide.sys.audit_inserts)', async () => {
    const inc = await write('POST', 'incident', { short_description: 'audit me' });
    assert.deepEqual(await rows('sys_audit', `documentkey=${inc.sys_id}`), []);
    await write('PATCH', `incident/${inc.sys_id}`, { state: '2', work_notes: 'on it' }, 'itil.user');
    const audit = await rows('sys_audit', `documentkey=${inc.sys_id}^ORDERBYfieldname`);
    const byField = Object.fromEntries(audit.map((a) => [a.fieldname, [a.oldvalue, a.newvalue, a.user, a.tablename]]));
    assert.deepEqual(byField.state, ['1', '2', 'itil.user', 'incident']);
    assert.deepEqual(byField.work_notes, ['', 'on it', 'itil.user', 'incident']);
    assert.equal(audit.find((a) => a.fieldname === 'state')?.record_checkpoint, '1');
    await fetch(`${emu.url}/__emulator/properties`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'glide.sys.audit_inserts', value: 'true' }),
    });
    const audited = await write('POST', 'incident', { short_description: 'audited insert' });
    const inserted = await rows('sys_audit', `documentkey=${audited.sys_id}^fieldname=short_description`);
    assert.deepEqual(
      inserted.map((a) => [a.oldvalue, a.newvalue]),
      [['', 'audited insert']],
    );
    const group = await write('POST', 'sys_user_group', { name: 'Not audited' });
    await write('PATCH', `sys_user_group/${group.sys_id}`, { name: 'Still not audited' });
    assert.deepEqual(await rows('sys_audit', `documentkey=${group.sys_id}`), []);
  });

  void it("a group's roles (sys_group_has_role) reach its members", async () => {
    assert.equal((await call('POST', 'incident', 'readonly.user', { short_description: 'no itil' })).status, 403);
    const [reader] = await rows('sys_user', 'user_name=readonly.user');
    await write('POST', 'sys_user_grmember', { group: 'd625dccec0a8016700a222a0f7900d06', user: reader!.sys_id });
    const res = await call('POST', 'incident', 'readonly.user', { short_description: 'itil through Service Desk' });
    assert.equal(res.status, 201);
  });

  void it('sys_user.name follows first and last name', async () => {
    const user = await write('POST', 'sys_user', { user_name: 'ada.l', first_name: 'Ada', last_name: 'Lovelace' });
    assert.equal(user.name, 'Ada Lovelace');
    assert.equal((await write('PATCH', `sys_user/${user.sys_id}`, { last_name: 'Byron' })).name, 'Ada Byron');
  });
});
