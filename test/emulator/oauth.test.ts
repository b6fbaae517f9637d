import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { requestToken, useEmulator } from '../helpers/emulator.js';
import { hiddenField, signInWithBrowser } from '../lib/oauth-browser.js';

const emu = useEmulator();
const REDIRECT = 'http://127.0.0.1:45678/callback';
interface TokenJson {
  access_token: string;
  refresh_token: string;
  scope: string;
  token_type: string;
  expires_in: number;
}
const FAILURE = '{"error_description":"access_denied","error":"server_error"}';

beforeEach(() => emu.reset());

const authorizeUrl = (params: Record<string, string>): string =>
  `${emu.url}/oauth_auth.do?${new URLSearchParams({ response_type: 'code', client_id: 'nowrest-demo', redirect_uri: REDIRECT, state: 'st-1', ...params })}`;

const token = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  requestToken<TokenJson>(emu.url, fields, headers);

const demo = { client_id: 'nowrest-demo', client_secret: 'nowrest-demo-secret' };
const bearerStatus = async (accessToken: string): Promise<number> => {
  const res = await fetch(`${emu.url}/api/now/table/incident?sysparm_limit=1`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  await res.body?.cancel();
  return res.status;
};

void describe('emulator OAuth: authorize pages', () => {
  void it('login → consent → Allow redirects with a code and the state', async () => {
    const { location } = await signInWithBrowser(
      authorizeUrl({ scope: 'useraccount', grant_type: 'authorization_code' }),
    );
    const url = new URL(location);
    assert.equal(`${url.origin}${url.pathname}`, REDIRECT);
    assert.equal(url.searchParams.get('state'), 'st-1');
    const code = url.searchParams.get('code');
    assert.ok(code);
    const ok = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...demo });
    assert.equal(ok.status, 200);
    assert.deepEqual(Object.keys(ok.json), ['access_token', 'refresh_token', 'scope', 'token_type', 'expires_in']);
    assert.equal(ok.json.token_type, 'Bearer');
    assert.equal(ok.json.expires_in, 1799);
    assert.equal(ok.json.scope, 'useraccount');
    assert.match(ok.json.access_token, /^[A-Za-z0-9_-]{43,}$/);
    assert.equal(await bearerStatus(ok.json.access_token), 200);
    // Replaying the code fails with the one failure body.
    const replay = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...demo });
    assert.equal(replay.status, 401);
    assert.equal(replay.text, FAILURE);
    // Only hashes are stored.
    const rows = emu.db.db.prepare('SELECT token FROM oauth_credential').all() as { token: string }[];
    assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token)));
    assert.ok(rows.some((r) => r.token === createHash('sha256').update(ok.json.access_token).digest('hex')));
  });

  void it('Deny redirects with error=access_denied', async () => {
    const { location } = await signInWithBrowser(authorizeUrl({}), { decision: 'deny' });
    const url = new URL(location);
    assert.equal(url.searchParams.get('error'), 'access_denied');
    assert.equal(url.searchParams.get('state'), 'st-1');
    assert.equal(url.searchParams.get('code'), null);
  });

  void it('missing state shows the ServiceNow message and does not redirect', async () => {
    const url = new URL(authorizeUrl({}));
    url.searchParams.delete('state');
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Missing State parameter in request/);
  });

  void it('rejects unregistered and non-loopback redirect URIs with a page, never a redirect', async () => {
    for (const redirect_uri of [
      'https://evil.example/callback',
      'http://127.0.0.1.evil.example/cb',
      'https://127.0.0.1:8443/cb',
    ]) {
      const res = await fetch(authorizeUrl({ redirect_uri }), { redirect: 'manual' });
      assert.equal(res.status, 400, redirect_uri);
      assert.equal(res.headers.get('location'), null);
      assert.match(await res.text(), /Invalid redirect_uri/);
    }
    // Any loopback port and path is fine (RFC 8252 §7.3), on both names.
    for (const redirect_uri of ['http://127.0.0.1:1/x', 'http://localhost:65000/cb/deep?q=1']) {
      const res = await fetch(authorizeUrl({ redirect_uri }), { redirect: 'manual' });
      assert.equal(res.status, 200, redirect_uri);
      await res.body?.cancel();
    }
  });

  void it('escapes echoed values in pages', async () => {
    const res = await fetch(authorizeUrl({ scope: '<script>alert(1)</script>', state: '"><img src=x>' }));
    const html = await res.text();
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(!html.includes('"><img'));
    assert.equal(new URL(`http://x${hiddenField(html, 'return_to')}`).searchParams.get('state'), '"><img src=x>');
  });

  void it('a wrong password re-shows the login form; stale nonces are refused', async () => {
    const page = await (await fetch(authorizeUrl({}))).text();
    const fields = {
      sysparm_nonce: hiddenField(page, 'sysparm_nonce'),
      return_to: hiddenField(page, 'return_to'),
      user_name: 'admin',
      user_password: 'wrong',
    };
    const post = (f: Record<string, string>) =>
      fetch(`${emu.url}/login.do`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(f).toString(),
        redirect: 'manual',
      });
    const bad = await post(fields);
    assert.equal(bad.status, 200);
    assert.match(await bad.text(), /User name or password invalid/);
    const replayed = await post({ ...fields, user_password: 'admin' });
    assert.equal(replayed.status, 403);
    await replayed.body?.cancel();
    const open = await post({
      ...fields,
      sysparm_nonce: hiddenField(page, 'sysparm_nonce'),
      return_to: 'https://evil.example/',
    });
    assert.equal(open.status, 403);
    await open.body?.cancel();
  });

  void it('a forged consent post (no nonce / other session) is refused', async () => {
    const res = await fetch(`${emu.url}/oauth_auth.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'sysparm_nonce=guess&action=allow',
      redirect: 'manual',
    });
    assert.equal(res.status, 403);
    await res.body?.cancel();
  });
});

void describe('emulator OAuth: PKCE', () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');

  void it('public client: code + verifier, no secret; wrong verifier and plain are refused', async () => {
    const pub = { client_id: 'nowrest-demo-public' };
    const noPkce = await fetch(authorizeUrl(pub), { redirect: 'manual' });
    assert.equal(noPkce.status, 302);
    assert.equal(new URL(noPkce.headers.get('location')!).searchParams.get('error'), 'invalid_request');
    const plain = await fetch(authorizeUrl({ ...pub, code_challenge: verifier, code_challenge_method: 'plain' }), {
      redirect: 'manual',
    });
    assert.equal(new URL(plain.headers.get('location')!).searchParams.get('error'), 'invalid_request');

    const first = new URL(
      (await signInWithBrowser(authorizeUrl({ ...pub, code_challenge: challenge, code_challenge_method: 'S256' })))
        .location,
    );
    const wrong = await token({
      grant_type: 'authorization_code',
      code: first.searchParams.get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: `${verifier}x`,
      ...pub,
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.text, FAILURE);

    const second = new URL(
      (await signInWithBrowser(authorizeUrl({ ...pub, code_challenge: challenge, code_challenge_method: 'S256' })))
        .location,
    );
    const ok = await token({
      grant_type: 'authorization_code',
      code: second.searchParams.get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      ...pub,
    });
    assert.equal(ok.status, 200);
    // Public clients refresh without a secret.
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: ok.json.refresh_token, ...pub });
    assert.equal(refreshed.status, 200);
  });

  void it('a code bound to another redirect_uri is refused', async () => {
    const loc = new URL(
      (await signInWithBrowser(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }))).location,
    );
    const res = await token({
      grant_type: 'authorization_code',
      code: loc.searchParams.get('code')!,
      redirect_uri: 'http://127.0.0.1:1/other',
      code_verifier: verifier,
      ...demo,
    });
    assert.equal(res.status, 401);
  });
});

void describe('emulator OAuth: token endpoint', () => {
  void it('password grant, refresh without rotation, revoke', async () => {
    const pw = await token({
      grant_type: 'password',
      username: 'admin',
      password: 'admin',
      ...demo,
      unknown_field: 'ignored',
    });
    assert.equal(pw.status, 200);
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: pw.json.refresh_token, ...demo });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.json.refresh_token, pw.json.refresh_token);
    assert.notEqual(refreshed.json.access_token, pw.json.access_token);
    const revoke = await fetch(
      `${emu.url}/oauth_revoke_token.do?token=${encodeURIComponent(refreshed.json.access_token)}`,
    );
    assert.equal(revoke.status, 200);
    assert.equal(await revoke.text(), '');
    assert.equal(await bearerStatus(refreshed.json.access_token), 401);
    await fetch(`${emu.url}/oauth_revoke_token.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(pw.json.refresh_token)}`,
    });
    const dead = await token({ grant_type: 'refresh_token', refresh_token: pw.json.refresh_token, ...demo });
    assert.equal(dead.status, 401);
  });

  void it('client authentication by HTTP Basic works; every failure is the same 401 body', async () => {
    const basic = `Basic ${Buffer.from('nowrest-demo:nowrest-demo-secret').toString('base64')}`;
    const ok = await token({ grant_type: 'password', username: 'admin', password: 'admin' }, { authorization: basic });
    assert.equal(ok.status, 200);
    const failures = [
      await token({ grant_type: 'password', username: 'admin', password: 'nope', ...demo }),
      await token({
        grant_type: 'password',
        username: 'admin',
        password: 'admin',
        client_id: 'nowrest-demo',
        client_secret: 'bad',
      }),
      await token({ grant_type: 'password', username: 'admin', password: 'admin', client_id: 'nowrest-demo' }),
      await token({ grant_type: 'refresh_token', refresh_token: 'unknown', ...demo }),
      await token({ grant_type: 'client_credentials', ...demo }),
      await token({ grant_type: 'jwt', ...demo }),
      await token({
        grant_type: 'password',
        username: 'admin',
        password: 'admin',
        client_id: 'nobody',
        client_secret: 'x',
      }),
    ];
    for (const f of failures) {
      assert.equal(f.status, 401);
      assert.equal(f.text, FAILURE);
    }
    const asJson = await fetch(`${emu.url}/oauth_token.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'admin', password: 'admin', ...demo }),
    });
    assert.equal(asJson.status, 401);
    assert.equal(await asJson.text(), FAILURE);
  });

  void it('client_credentials only when the property is on, without a refresh token', async () => {
    await emu.control('properties', {
      name: 'glide.oauth.inbound.client.credential.grant_type.enabled',
      value: 'true',
    });
    await emu.control('oauth/apps', { client_id: 'nowrest-demo', oauth_application_user: 'admin' });
    const cc = await token({ grant_type: 'client_credentials', ...demo });
    assert.equal(cc.status, 200);
    assert.deepEqual(Object.keys(cc.json), ['access_token', 'scope', 'token_type', 'expires_in']);
    assert.equal(await bearerStatus(cc.json.access_token), 200);
  });

  void it('control plane: per-app lifespans and forced expiry', async () => {
    const app = await fetch(`${emu.url}/__emulator/oauth/apps`, {
      method: 'POST',
      body: JSON.stringify({
        client_id: 'short',
        client_secret: 's',
        access_token_lifespan: 2,
        refresh_token_lifespan: 5,
      }),
    });
    assert.equal(app.status, 200);
    assert.ok(!(await app.text()).includes('"s"'));
    const t = await token({
      grant_type: 'password',
      username: 'admin',
      password: 'admin',
      client_id: 'short',
      client_secret: 's',
    });
    assert.equal(t.json.expires_in, 1);
    assert.equal(await bearerStatus(t.json.access_token), 200);
    const expired = (await emu.control('oauth/expire', { kind: 'access' })) as { expired: number };
    assert.ok(expired.expired >= 1);
    assert.equal(await bearerStatus(t.json.access_token), 401);
    const refresh = async () =>
      (
        await token({
          grant_type: 'refresh_token',
          refresh_token: t.json.refresh_token,
          client_id: 'short',
          client_secret: 's',
        })
      ).status;
    assert.equal(await refresh(), 200);
    await emu.control('oauth/expire', { kind: 'refresh' });
    assert.equal(await refresh(), 401);
  });
});
