// Display values of dates follow the calling user's sys_user.time_zone, date_format and time_format, and
// sysparm_input_display_value reads input the same way; values stay UTC. Demo users get a PDI's zone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';
import { tableRequest } from '../helpers/table-api.js';

const emu = useEmulator();

type Result = { result: Record<string, any> };
const call = async (user: string, method: string, path: string, body?: unknown): Promise<Result> => {
  const res = await tableRequest(emu, method, path, { body, user });
  assert.ok(res.ok, `${method} ${path}: ${res.status}`);
  return (await res.json()) as Result;
};
const userId = async (name: string): Promise<string> =>
  ((await call('admin', 'GET', `sys_user?sysparm_query=user_name=${name}&sysparm_fields=sys_id`)) as any).result[0]
    .sys_id;

void describe("dates in the user's time zone", () => {
  void it('gives the demo users the time zone of a developer instance', async () => {
    const users = await call(
      'admin',
      'GET',
      'sys_user?sysparm_query=user_nameINadmin,itil.user&sysparm_fields=time_zone',
    );
    assert.deepEqual(
      (users.result as unknown as { time_zone: string }[]).map((u) => u.time_zone),
      ['America/Los_Angeles', 'America/Los_Angeles'],
    );
  });

  void it('shows date-times in the zone (summer and winter) while the value stays UTC', async () => {
    const created = await call('admin', 'POST', 'incident?sysparm_display_value=all&sysparm_fields=opened_at', {
      short_description: 'tz probe',
      opened_at: '2026-07-01 12:00:00',
    });
    assert.deepEqual(created.result.opened_at, { display_value: '2026-07-01 05:00:00', value: '2026-07-01 12:00:00' });
    const winter = await call('admin', 'POST', 'incident?sysparm_display_value=true&sysparm_fields=opened_at', {
      opened_at: '2026-01-15 03:30:00',
    });
    assert.equal(winter.result.opened_at, '2026-01-14 19:30:00');
    const raw = await call('admin', 'POST', 'incident?sysparm_fields=opened_at', { opened_at: '2026-01-15 03:30:00' });
    assert.equal(raw.result.opened_at, '2026-01-15 03:30:00', 'display_value=false is the stored UTC value');
  });

  void it("follows a user's own zone and formats, for display and for input display values", async () => {
    const id = await userId('itil.user');
    await call('admin', 'PATCH', `sys_user/${id}`, {
      time_zone: 'Europe/Paris',
      date_format: 'dd.MM.yyyy',
      time_format: 'hh:mm:ss a',
    });
    const shown = await call('itil.user', 'POST', 'incident?sysparm_display_value=all&sysparm_fields=opened_at', {
      opened_at: '2026-07-01 12:00:00',
    });
    assert.deepEqual(shown.result.opened_at, { display_value: '01.07.2026 02:00:00 PM', value: '2026-07-01 12:00:00' });
    const input = await call(
      'itil.user',
      'POST',
      'incident?sysparm_input_display_value=true&sysparm_display_value=all&sysparm_fields=opened_at',
      { opened_at: '02.01.2026 09:30:00 AM' },
    );
    assert.deepEqual(input.result.opened_at, { display_value: '02.01.2026 09:30:00 AM', value: '2026-01-02 08:30:00' });
    // The same text without sysparm_input_display_value is not a stored-format value, so it is ignored.
    const plain = await call('itil.user', 'POST', 'incident?sysparm_fields=opened_at', {
      opened_at: '2026-01-02 09:30:00',
    });
    assert.equal(plain.result.opened_at, '2026-01-02 09:30:00');
    await call('admin', 'PATCH', `sys_user/${id}`, {
      time_zone: 'America/Los_Angeles',
      date_format: '',
      time_format: '',
    });
  });

  void it('falls back to the system zone for a time zone it does not know', async () => {
    const id = await userId('itil.user');
    await call('admin', 'PATCH', `sys_user/${id}`, { time_zone: 'Mars/Olympus_Mons' });
    const shown = await call('itil.user', 'POST', 'incident?sysparm_display_value=true&sysparm_fields=opened_at', {
      opened_at: '2026-07-01 12:00:00',
    });
    assert.equal(shown.result.opened_at, '2026-07-01 05:00:00');
    await call('admin', 'PATCH', `sys_user/${id}`, { time_zone: 'America/Los_Angeles' });
  });
});
