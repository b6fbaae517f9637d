import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { registerJwtKey, requestToken, startEmulator, type TestEmulator } from '../helpers/emulator.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLIENT = { client_id: 'nowrest-demo', client_secret: 'nowrest-demo-secret' };
const NOW_S = Date.parse('2026-05-01T12:00:00Z') / 1000;

let emu: TestEmulator;
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function jwt(claims: Record<string, unknown>, key: KeyObject = keys.privateKey, header: Record<string, unknown> = {}) {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1', ...header })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

const good = (extra: Record<string, unknown> = {}) => ({
  iss: CLIENT.client_id,
  aud: CLIENT.client_id,
  sub: 'itil.user',
  iat: NOW_S,
  exp: NOW_S + 300,
  ...extra,
});

const token = (fields: Record<string, string>) => requestToken(emu.url, fields);

const grant = (assertion: string, client: Record<string, string> = CLIENT) =>
  token({ grant_type: GRANT, assertion, ...client });

async function assertBearerWorks(accessToken: string): Promise<void> {
  const res = await fetch(`${emu.baseUrl()}/sys_user?sysparm_query=user_name=itil.user&sysparm_fields=user_name`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
}

void describe('emulator OAuth: JWT bearer grant', () => {
  before(async () => {
    emu = await startEmulator({ clock: () => new Date(NOW_S * 1000) });
    const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await registerJwtKey(emu.url, { name: 'test key', client_id: CLIENT.client_id, kid: 'k1', public_key: pem });
  });
  after(() => emu.close());

  void it('a valid RS256 assertion gets an access token (no refresh token) for the user in sub', async () => {
    const ok = await grant(jwt(good()));
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.deepEqual(Object.keys(ok.json), ['access_token', 'scope', 'token_type', 'expires_in']);
    await assertBearerWorks(ok.json.access_token as string);
    const row = emu.db.db
      .prepare(`SELECT u.user_name FROM oauth_credential c JOIN sys_user u ON u.sys_id = c."user" LIMIT 1`)
      .get() as { user_name: string };
    assert.equal(row.user_name, 'itil.user');
  });

  void it('answers every bad assertion with the one 401, never a 500', async () => {
    const hs256 = (() => {
      const input = `${b64({ alg: 'HS256', kid: 'k1' })}.${b64(good())}`;
      const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
    })();
    const cases: Record<string, string> = {
      'signed by another key': jwt(good(), other.privateKey),
      'unknown kid': jwt(good(), keys.privateKey, { kid: 'k2' }),
      'alg none': `${b64({ alg: 'none', kid: 'k1' })}.${b64(good())}.`,
      'HS256 keyed with the public key': hs256,
      expired: jwt(good({ exp: NOW_S - 1 })),
      'no exp': jwt(good({ exp: undefined })),
      'wrong audience': jwt(good({ aud: 'someone-else' })),
      'wrong issuer': jwt(good({ iss: 'someone-else' })),
      'unknown user': jwt(good({ sub: 'nobody' })),
      'not yet valid': jwt(good({ nbf: NOW_S + 3600 })),
      'tampered payload': (() => {
        const [h, , s] = jwt(good()).split('.');
        return `${h}.${b64(good({ sub: 'admin' }))}.${s}`;
      })(),
      garbage: 'not.a.jwt',
      'binary junk': '\u0000\uffff..',
      empty: '',
    };
    for (const [name, assertion] of Object.entries(cases)) {
      const res = await grant(assertion);
      assert.equal(res.status, 401, name);
      assert.deepEqual(res.json, { error_description: 'access_denied', error: 'server_error' }, name);
    }
  });

  void it('needs the client secret, and an audience list may hold the client id', async () => {
    assert.equal((await grant(jwt(good()), { client_id: CLIENT.client_id })).status, 401);
    assert.equal((await grant(jwt(good()), { ...CLIENT, client_secret: 'wrong' })).status, 401);
    assert.equal((await grant(jwt(good({ aud: ['x', CLIENT.client_id] })))).status, 200);
  });

  void it('non-admins cannot read or register verifier keys', async () => {
    const list = await fetch(`${emu.baseUrl()}/jwt_verifier_map`, {
      headers: { authorization: emu.basic('itil.user'), accept: 'application/json' },
    });
    assert.deepEqual(((await list.json()) as { result: unknown[] }).result, []);
    const forged = await fetch(`${emu.baseUrl()}/jwt_verifier_map`, {
      method: 'POST',
      headers: { authorization: emu.basic('itil.user'), 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: CLIENT.client_id, kid: 'k1', public_key: 'x' }),
    });
    assert.equal(forged.status, 403);
  });
});
