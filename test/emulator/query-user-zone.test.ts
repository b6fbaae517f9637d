// Calendar filters follow the calling user's time zone, as on an instance: "today" (gs.beginningOfToday()),
// RELATIVE units and DATEPART are the user's, while stored values stay UTC.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';

let emu: TestEmulator;

// 2026-06-17 05:00 UTC is 2026-06-16 22:00 in Los Angeles (PDT), the demo users' zone.
const NOW = Date.parse('2026-06-17T05:00:00Z');
const ITIL_USER_ID = '681b365ec0a80164000fb0b05854a0cd';
/** opened_at (UTC) of three incidents, and their Los Angeles wall clocks. */
const OPENED = {
  a: '2026-06-16 10:00:00', // LA 06-16 03:00: today in LA, yesterday in UTC
  b: '2026-06-17 04:00:00', // LA 06-16 21:00: today in both
  c: '2026-06-16 06:00:00', // LA 06-15 23:00: yesterday in LA, yesterday in UTC
};

async function call(method: string, path: string, user = 'admin', body?: unknown): Promise<Response> {
  return fetch(`${emu.baseUrl()}/${path}`, {
    method,
    headers: { authorization: emu.basic(user), accept: 'application/json', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The test incidents (by short_description) matching `condition`, as the user sees them. */
async function matching(condition: string, user: string): Promise<string[]> {
  const query = encodeURIComponent(`short_descriptionSTARTSWITHzone-^${condition}^ORDERBYshort_description`);
  const res = await call('GET', `incident?sysparm_fields=short_description&sysparm_query=${query}`, user);
  assert.equal(res.status, 200);
  return ((await res.json()) as { result: { short_description: string }[] }).result.map((r) =>
    r.short_description.slice('zone-'.length),
  );
}

void describe('calendar filters in the calling user time zone', () => {
  before(async () => {
    emu = await startEmulator({ seed: false, clock: () => new Date(NOW) });
    for (const [name, opened] of Object.entries(OPENED)) {
      const res = await call('POST', 'incident', 'admin', { short_description: `zone-${name}`, opened_at: opened });
      assert.equal(res.status, 201);
    }
    // itil.user reads in UTC; admin keeps the PDI's Pacific time.
    const zone = await call('PATCH', `sys_user/${ITIL_USER_ID}`, 'admin', { time_zone: 'UTC' });
    assert.equal(zone.status, 200);
  });
  after(() => emu.close());

  void it('ON Today is the user midnight to midnight', async () => {
    const today = 'opened_atONToday@javascript:gs.beginningOfToday()@javascript:gs.endOfToday()';
    assert.deepEqual(await matching(today, 'admin'), ['a', 'b']);
    assert.deepEqual(await matching(today, 'itil.user'), ['b']);
  });

  void it('RELATIVEEE@day@ago@1 is the user yesterday', async () => {
    assert.deepEqual(await matching('opened_atRELATIVEEE@day@ago@1', 'admin'), ['c']);
    assert.deepEqual(await matching('opened_atRELATIVEEE@day@ago@1', 'itil.user'), ['a', 'c']);
  });

  void it('DATEPART reads the hour and the day on the user wall clock', async () => {
    const hour21 = "opened_atDATEPARTx@javascript:gs.datePart('hour','21','EQ')";
    assert.deepEqual(await matching(hour21, 'admin'), ['b']);
    assert.deepEqual(await matching(hour21, 'itil.user'), []);
    const day16 = "opened_atDATEPARTx@javascript:gs.datePart('dayofmonth','16','EQ')";
    assert.deepEqual(await matching(day16, 'admin'), ['a', 'b']);
    assert.deepEqual(await matching(day16, 'itil.user'), ['a', 'c']);
  });

  void it('gs.now() is the user calendar date: midnight for a date-time, the date itself for a date field', async () => {
    assert.deepEqual(await matching('opened_at>=javascript:gs.now()', 'admin'), ['a', 'b']);
    assert.deepEqual(await matching('opened_at>=javascript:gs.now()', 'itil.user'), ['b']);
    // A table of the user's own with a date (no time) field, defined through the dictionary.
    assert.equal((await call('POST', 'sys_db_object', 'admin', { name: 'u_visit', label: 'Visit' })).status, 201);
    const column = { name: 'u_visit', element: 'u_day', column_label: 'Day', internal_type: 'glide_date' };
    assert.equal((await call('POST', 'sys_dictionary', 'admin', column)).status, 201);
    for (const day of ['2026-06-16', '2026-06-17'])
      assert.equal((await call('POST', 'u_visit', 'admin', { u_day: day })).status, 201);
    const days = async (condition: string): Promise<string[]> => {
      const res = await call('GET', `u_visit?sysparm_fields=u_day&sysparm_query=${encodeURIComponent(condition)}`);
      assert.equal(res.status, 200);
      return ((await res.json()) as { result: { u_day: string }[] }).result.map((r) => r.u_day).sort();
    };
    // For admin (Los Angeles) it is still the 16th.
    assert.deepEqual(await days('u_day=javascript:gs.now()'), ['2026-06-16']);
    assert.deepEqual(await days('u_dayONToday@javascript:gs.beginningOfToday()@javascript:gs.endOfToday()'), [
      '2026-06-16',
    ]);
    assert.deepEqual(await days('u_dayRELATIVEEE@day@ahead@1'), ['2026-06-17']);
  });

  void it('stored values stay UTC whatever the reader zone', async () => {
    assert.deepEqual(await matching(`opened_at=${OPENED.b}`, 'admin'), ['b']);
    assert.deepEqual(await matching(`opened_at=${OPENED.b}`, 'itil.user'), ['b']);
  });
});
