// Writes are coerced to the field's type (reference §7 formats) and "" does not clear choice fields
// (reference §1.2: "Send "" to clear a field, except choice fields").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';
import { tableWrite } from '../helpers/table-api.js';

const emu = useEmulator();

const write = (method: string, path: string, body: unknown) =>
  tableWrite<Record<string, string>>(emu, method, path, body);
const create = (body: unknown) => write('POST', 'incident', body);

void describe('choice fields and ""', () => {
  void it('POST: "" on a choice field leaves its default', async () => {
    const r = await create({ short_description: 'x', urgency: '', state: '', category: '' });
    assert.equal(r.urgency, '3');
    assert.equal(r.state, '1');
    assert.equal(r.category, 'inquiry');
  });

  void it('PATCH and PUT: "" (or null) keeps a choice field, clears any other field', async () => {
    const made = await create({ short_description: 'to clear', state: '2', category: 'network', close_notes: 'n' });
    for (const method of ['PATCH', 'PUT']) {
      const r = await write(method, `incident/${made.sys_id}`, {
        state: '',
        category: null,
        short_description: '',
        close_notes: null,
      });
      assert.equal(r.state, '2');
      assert.equal(r.category, 'network');
      assert.equal(r.short_description, '');
      assert.equal(r.close_notes, '');
    }
  });
});

void describe('typed values on write', () => {
  void it('junk in integer, boolean and date-time fields is never stored', async () => {
    const r = await create({
      short_description: 'junk',
      urgency: 'abc',
      active: 'maybe',
      reassignment_count: 'lots',
      opened_at: 'yesterday',
      due_date: '2026-13-45 25:00:00',
    });
    assert.equal(r.urgency, '3');
    assert.equal(r.active, 'false');
    assert.equal(r.reassignment_count, '0');
    assert.match(r.opened_at!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(r.due_date, '');
    const u = await write('PATCH', `incident/${r.sys_id}`, {
      urgency: '1',
      reassignment_count: '2',
      opened_at: '2026-01-02 03:04:05',
    });
    const again = await write('PATCH', `incident/${r.sys_id}`, {
      urgency: 'High',
      reassignment_count: 'many',
      opened_at: 'last week',
    });
    assert.equal(again.urgency, u.urgency);
    assert.equal(again.urgency, '1');
    assert.equal(again.reassignment_count, '2');
    assert.equal(again.opened_at, '2026-01-02 03:04:05');
  });

  void it('valid values are normalised to the reference §7 formats', async () => {
    const r = await create({
      short_description: 'normalised',
      active: 'TRUE',
      made_sla: 0,
      reassignment_count: ' 007 ',
      reopen_count: 2,
      impact: '2.0',
      due_date: '2026-03-04',
    });
    assert.equal(r.active, 'true');
    assert.equal(r.made_sla, 'false');
    assert.equal(r.reassignment_count, '7');
    assert.equal(r.reopen_count, '2');
    assert.equal(r.impact, '2');
    assert.equal(r.due_date, '2026-03-04 00:00:00');
  });

  void it('choice labels still translate with sysparm_input_display_value=true', async () => {
    const res = await fetch(`${emu.baseUrl()}/incident?sysparm_input_display_value=true`, {
      method: 'POST',
      headers: { authorization: emu.basic(), 'content-type': 'application/json' },
      body: JSON.stringify({ short_description: 'labels', urgency: '1 - High', state: 'In Progress' }),
    });
    const r = ((await res.json()) as { result: Record<string, string> }).result;
    assert.equal(r.state, '2');
    assert.equal(r.urgency, '1');
  });
});
