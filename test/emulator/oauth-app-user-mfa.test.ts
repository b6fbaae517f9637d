import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { requestToken, useEmulator } from '../helpers/emulator.js';
import { TEST_TOTP_SECRET, totp, wrongTotp } from '../helpers/totp.js';

const emu = useEmulator();
beforeEach(() => emu.reset());

const demo = { client_id: 'nowrest-demo', client_secret: 'nowrest-demo-secret' };
const CC_PROPERTY = 'glide.oauth.inbound.client.credential.grant_type.enabled';

const token = (fields: Record<string, string>) => requestToken(emu.url, fields);

async function whoAmI(authorization: string): Promise<{ status: number; user?: string }> {
  // A created record's sys_created_by names the user the request ran as.
  const res = await fetch(`${emu.url}/api/now/table/incident?sysparm_fields=sys_created_by`, {
    method: 'POST',
    headers: { authorization, accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ short_description: 'who am I' }),
  });
  const body = (await res.json()) as { result?: { sys_created_by: string } };
  return { status: res.status, ...(body.result?.sys_created_by ? { user: body.result.sys_created_by } : {}) };
}

async function patchUser(userName: string, fields: Record<string, string>): Promise<void> {
  const list = await fetch(
    `${emu.url}/api/now/table/sys_user?sysparm_query=user_name=${userName}&sysparm_fields=sys_id`,
    {
      headers: { authorization: emu.basic() },
    },
  );
  const id = ((await list.json()) as { result: { sys_id: string }[] }).result[0]!.sys_id;
  const res = await fetch(`${emu.url}/api/now/table/sys_user/${id}`, {
    method: 'PATCH',
    headers: { authorization: emu.basic(), 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  });
  assert.equal(res.status, 200);
}

void describe('emulator: client_credentials acts as the OAuth Application User', () => {
  void it('is refused without an application user even with the property on', async () => {
    await emu.control('properties', { name: CC_PROPERTY, value: 'true' });
    assert.equal((await token({ grant_type: 'client_credentials', ...demo })).status, 401);
  });

  void it('acts as the application user, not as admin, and issues no refresh token', async () => {
    await emu.control('properties', { name: CC_PROPERTY, value: 'true' });
    await emu.control('oauth/apps', { client_id: 'nowrest-demo', oauth_application_user: 'itil.user' });
    const cc = await token({ grant_type: 'client_credentials', ...demo });
    assert.equal(cc.status, 200);
    assert.equal(cc.json['refresh_token'], undefined);
    const me = await whoAmI(`Bearer ${String(cc.json['access_token'])}`);
    assert.deepEqual(me, { status: 201, user: 'itil.user' });
  });

  void it('is refused when the property is off, whatever the application user', async () => {
    await emu.control('oauth/apps', { client_id: 'nowrest-demo', oauth_application_user: 'admin' });
    assert.equal((await token({ grant_type: 'client_credentials', ...demo })).status, 401);
  });
});

void describe('emulator: MFA for a user with mfa_totp_secret', () => {
  void it('Basic needs the code appended to the password; a wrong code is refused and locks nothing', async () => {
    await patchUser('itil.user', { mfa_totp_secret: TEST_TOTP_SECRET });
    const basic = (password: string) => `Basic ${Buffer.from(`itil.user:${password}`).toString('base64')}`;
    assert.equal((await whoAmI(basic('itil'))).status, 401);
    for (let i = 0; i < 5; i += 1)
      assert.equal((await whoAmI(basic(`itil${wrongTotp(TEST_TOTP_SECRET)}`))).status, 401);
    assert.deepEqual(await whoAmI(basic(`itil${totp(TEST_TOTP_SECRET)}`)), { status: 201, user: 'itil.user' });
    // The secret is never readable through the Table API.
    const row = await fetch(`${emu.url}/api/now/table/sys_user?sysparm_query=user_name=itil.user`, {
      headers: { authorization: emu.basic() },
    });
    assert.ok(!(await row.text()).includes(TEST_TOTP_SECRET));
  });

  void it('the password grant checks the code too', async () => {
    await patchUser('itil.user', { mfa_totp_secret: TEST_TOTP_SECRET });
    const grant = (password: string) => token({ grant_type: 'password', username: 'itil.user', password, ...demo });
    assert.equal((await grant('itil')).status, 401);
    assert.equal((await grant(`itil${wrongTotp(TEST_TOTP_SECRET)}`)).status, 401);
    assert.equal((await grant(`itil${totp(TEST_TOTP_SECRET)}`)).status, 200);
  });
});
