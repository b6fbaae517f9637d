// Password fields (sys_user.user_password, oauth_entity.client_secret) show ******** as value and display value
// and never return the secret; writing the mask back keeps the secret.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> => {
  const res = await fetch(`${emu.baseUrl()}/${path}`, {
    method,
    headers: { authorization: emu.basic(), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, text: await res.text() };
};

void describe('password fields', () => {
  void it('show ******** in every display mode and never the secret', async () => {
    const created = await call('POST', 'sys_user', {
      user_name: 'pw.probe',
      user_password: 'Sup3r-Secret-Pw',
      first_name: 'Pw',
    });
    assert.equal(created.status, 201);
    assert.ok(!created.text.includes('Sup3r-Secret-Pw'));
    const id = (JSON.parse(created.text) as { result: { sys_id: string } }).result.sys_id;
    for (const mode of ['false', 'true', 'all']) {
      const read = await call('GET', `sys_user/${id}?sysparm_display_value=${mode}`);
      assert.ok(!read.text.includes('Sup3r-Secret-Pw'));
      const field = (JSON.parse(read.text) as { result: Record<string, unknown> }).result.user_password;
      assert.deepEqual(field, mode === 'all' ? { display_value: '********', value: '********' } : '********');
    }
    const list = await call('GET', `sys_user?sysparm_query=user_name=pw.probe&sysparm_fields=user_password,user_name`);
    assert.deepEqual(JSON.parse(list.text), { result: [{ user_password: '********', user_name: 'pw.probe' }] });
    const apps = await call('GET', 'oauth_entity?sysparm_fields=client_secret&sysparm_limit=1');
    assert.match(apps.text, /"client_secret":"(\*{8})?"/);
  });

  void it('keeps the secret when the mask is written back, and changes it when a new one is sent', async () => {
    const basic = (password: string) => `Basic ${Buffer.from(`pw.probe:${password}`).toString('base64')}`;
    const probe = () =>
      fetch(`${emu.baseUrl()}/incident?sysparm_limit=1`, { headers: { authorization: basic('Sup3r-Secret-Pw') } });
    const found = JSON.parse(
      (await call('GET', 'sys_user?sysparm_query=user_name=pw.probe&sysparm_fields=sys_id')).text,
    ) as {
      result: { sys_id: string }[];
    };
    const id = found.result[0]!.sys_id;
    assert.equal((await probe()).status, 200);
    assert.equal((await call('PATCH', `sys_user/${id}`, { user_password: '********', first_name: 'P' })).status, 200);
    assert.equal((await probe()).status, 200, 'the mask written back changed nothing');
    assert.equal((await call('PATCH', `sys_user/${id}`, { user_password: 'An0ther-Secret' })).status, 200);
    assert.equal((await probe()).status, 401);
  });
});
