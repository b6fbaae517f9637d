import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

const list = async (table: string, query: string, user = 'admin') => {
  const res = await fetch(`${emu.baseUrl()}/${table}?${query}`, { headers: { authorization: emu.basic(user) } });
  assert.equal(res.status, 200, `${table}?${query} as ${user}`);
  return ((await res.json()) as { result: Record<string, any>[] }).result;
};

void describe('form layouts (sys_ui_view, sys_ui_section, sys_ui_element)', () => {
  void it('serves the Default view incident form to any signed-in user, sections by caption', async () => {
    const sections = await list(
      'sys_ui_section',
      'sysparm_query=name=incident&sysparm_fields=sys_id,caption,view&sysparm_display_value=all',
      'itil.user',
    );
    assert.deepEqual(sections.map((s) => s.caption.value).sort(), [
      '',
      'Notes',
      'Related Records',
      'Resolution Information',
    ]);
    for (const s of sections) assert.equal(s.view.display_value, 'Default view');
    const [view] = await list('sys_ui_view', `sysparm_query=sys_id=${sections[0]?.view.value}`, 'itil.user');
    assert.equal(view?.name, 'NULL');
  });

  void it('elements come in position order, with split markers and formatters typed', async () => {
    const [main] = await list('sys_ui_section', 'sysparm_query=name=incident^caption=&sysparm_fields=sys_id');
    const elements = await list(
      'sys_ui_element',
      `sysparm_query=sys_ui_section=${main?.sys_id}^ORDERBYposition&sysparm_fields=element,position,type`,
    );
    assert.deepEqual(
      elements.slice(0, 3).map((e) => [e.element, e.type]),
      [
        ['.begin_split', '.begin_split'],
        ['number', ''],
        ['caller_id', ''],
      ],
    );
    assert.deepEqual(
      elements.map((e) => Number(e.position)),
      elements.map((_e, i) => i),
    );
    const [notes] = await list('sys_ui_section', 'sysparm_query=name=incident^caption=Notes&sysparm_fields=sys_id');
    const formatter = await list('sys_ui_element', `sysparm_query=sys_ui_section=${notes?.sys_id}^type=formatter`);
    assert.deepEqual(
      formatter.map((e) => e.element),
      ['activity.xml'],
    );
  });

  void it('only admin changes a layout', async () => {
    const res = await fetch(`${emu.baseUrl()}/sys_ui_element`, {
      method: 'POST',
      headers: { authorization: emu.basic('itil.user'), 'content-type': 'application/json' },
      body: JSON.stringify({ element: 'number', position: '99' }),
    });
    assert.equal(res.status, 403);
    await res.body?.cancel();
  });
});
