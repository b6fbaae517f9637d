import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthError } from '../../src/lib/errors/index.js';
import {
  buildAuthorizeUrl,
  createPkcePair,
  oauthEndpoints,
  pkceChallenge,
  randomState,
  stateMatches,
} from '../../src/lib/auth/oauth-flow.js';
import { startLoopbackReceiver } from '../../src/lib/auth/oauth-loopback.js';

void describe('oauth-flow', () => {
  void it('derives the endpoints from the instance URL', () => {
    assert.deepEqual(oauthEndpoints('https://dev1.service-now.com/'), {
      authUrl: 'https://dev1.service-now.com/oauth_auth.do',
      tokenUrl: 'https://dev1.service-now.com/oauth_token.do',
      revokeUrl: 'https://dev1.service-now.com/oauth_revoke_token.do',
    });
  });

  void it('builds the authorize URL with PKCE and the default scope', () => {
    const url = new URL(
      buildAuthorizeUrl({
        authUrl: 'https://dev1.service-now.com/oauth_auth.do',
        clientId: 'abc',
        redirectUri: 'http://127.0.0.1:5000/callback',
        state: 's t&x',
        codeChallenge: 'chal',
      }),
    );
    assert.equal(url.pathname, '/oauth_auth.do');
    const p = Object.fromEntries(url.searchParams);
    assert.deepEqual(p, {
      response_type: 'code',
      client_id: 'abc',
      redirect_uri: 'http://127.0.0.1:5000/callback',
      scope: 'useraccount',
      state: 's t&x',
      code_challenge: 'chal',
      code_challenge_method: 'S256',
    });
    const plain = new URL(
      buildAuthorizeUrl({
        authUrl: 'https://x/oauth_auth.do',
        clientId: 'a',
        redirectUri: 'http://127.0.0.1/cb',
        state: 's',
        scope: 'a b',
      }),
    );
    assert.equal(plain.searchParams.get('code_challenge'), null);
    assert.equal(plain.searchParams.get('scope'), 'a b');
  });

  void it('computes S256 challenges (RFC 7636 appendix B vector) and fresh pairs', () => {
    assert.equal(
      pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const a = createPkcePair();
    const b = createPkcePair();
    assert.notEqual(a.verifier, b.verifier);
    assert.match(a.verifier, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(a.challenge, pkceChallenge(a.verifier));
    assert.equal(a.method, 'S256');
  });

  void it('makes unguessable states and compares them exactly', () => {
    const s = randomState();
    assert.match(s, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(s, randomState());
    assert.equal(stateMatches(s, s), true);
    assert.equal(stateMatches(s, `${s}x`), false);
    assert.equal(stateMatches(s, null), false);
  });
});

void describe('loopback receiver', () => {
  void it('accepts one matching redirect, ignores other paths, answers a closing page', async () => {
    const rx = await startLoopbackReceiver({ state: 'st' });
    assert.match(rx.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const favicon = await fetch(new URL('/favicon.ico', rx.redirectUri));
    assert.equal(favicon.status, 404);
    await favicon.body?.cancel();
    const res = await fetch(`${rx.redirectUri}?code=the-code&state=st`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Token received, you can close this window\./);
    assert.equal(await rx.code, 'the-code');
    await rx.close();
    await assert.rejects(fetch(rx.redirectUri));
  });

  void it('rejects a state mismatch, and the page says so', async () => {
    const rx = await startLoopbackReceiver({ state: 'expected' });
    const res = await fetch(`${rx.redirectUri}?code=c&state=forged`);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /state parameter did not match/);
    await assert.rejects(rx.code, (e: unknown) => e instanceof OAuthError && /state/.test(e.message));
    await rx.close();
  });

  void it('reports a denial with the instance error, escaping it in the page', async () => {
    const rx = await startLoopbackReceiver({ state: 'st' });
    const res = await fetch(
      `${rx.redirectUri}?error=access_denied&error_description=${encodeURIComponent('<b>no</b>')}&state=st`,
    );
    const html = await res.text();
    assert.ok(!html.includes('<b>no</b>'));
    assert.match(html, /access_denied/);
    await assert.rejects(rx.code, (e: unknown) => e instanceof OAuthError && e.oauthError === 'access_denied');
    await rx.close();
  });

  void it('times out with a clear OAuthError', async () => {
    const rx = await startLoopbackReceiver({ state: 'st', timeoutMs: 20 });
    await assert.rejects(rx.code, (e: unknown) => e instanceof OAuthError && /No sign-in arrived/.test(e.message));
    await rx.close();
  });

  void it('stops when the signal aborts', async () => {
    const ac = new AbortController();
    const rx = await startLoopbackReceiver({ state: 'st', signal: ac.signal });
    ac.abort();
    await assert.rejects(rx.code, (e: unknown) => (e as { code?: string }).code === 'SN_ABORTED');
    await rx.close();
  });
});
