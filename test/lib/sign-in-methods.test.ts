// Every way to sign in, through the library against the real emulator: client credentials (as the OAuth
// Application User), the password grant (with and without an MFA code), Basic with a one-time code, a bearer
// token from elsewhere, imported tokens, and the browser sign-in completed by a pasted redirect URL.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createClient,
  generateOAuthTokens,
  importTokens,
  MemoryTokenStore,
  OAuthError,
  oauthEndpoints,
  oauthStatus,
  ReauthenticationRequiredError,
  testConnection,
  type ConnectionAuth,
} from '../../src/lib/index.js';
import { TEST_TOTP_SECRET, totp, wrongTotp } from '../helpers/totp.js';
import { startLibEmulator, type LibEmulator } from './lib-emulator.js';
import { signInWithBrowser } from './oauth-browser.js';

const CLIENT = { clientId: 'nowrest-demo', clientSecret: 'nowrest-demo-secret' };
const CC_PROPERTY = 'glide.oauth.inbound.client.credential.grant_type.enabled';
let emu: LibEmulator;
let endpoints: ReturnType<typeof oauthEndpoints>;

before(async () => {
  emu = await startLibEmulator();
  endpoints = oauthEndpoints(emu.url);
});
after(() => emu.close());
beforeEach(() => emu.reset());

const tokenRequests = async (): Promise<number> =>
  (await emu.requests()).filter((r) => r.path === '/oauth_token.do').length;
const client = (auth: ConnectionAuth, store?: MemoryTokenStore) =>
  createClient({ name: 'm', baseUrl: emu.baseUrl(), auth }, store ? { tokenStore: store } : {});
/** Who a request runs as: the creator of a record it makes. */
const whoAmI = async (auth: ConnectionAuth, store?: MemoryTokenStore): Promise<string> => {
  const sn = client(auth, store);
  try {
    const created = await sn.table('incident').create({ short_description: 'who am I' });
    return String(created['sys_created_by']);
  } finally {
    await sn.close();
  }
};
async function enableMfa(userName: string): Promise<void> {
  const admin = client({ type: 'basic', username: 'admin', password: 'admin' });
  const [user] = await admin
    .table('sys_user')
    .list({ query: `user_name=${userName}`, pageSize: 1 })
    .toArray({ max: 1 });
  await admin.table('sys_user').update(String(user?.['sys_id']), { mfa_totp_secret: TEST_TOTP_SECRET });
  await admin.close();
}
const rawGrant = async (): Promise<{ access_token: string; refresh_token: string }> => {
  const res = await fetch(endpoints.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username: 'itil.user',
      password: 'itil',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    }).toString(),
  });
  return (await res.json()) as { access_token: string; refresh_token: string };
};

void describe('client credentials', () => {
  const cc: ConnectionAuth = { type: 'client_credentials', ...CLIENT };

  void it('acts as the OAuth Application User and asks again when the token expires (no refresh token)', async () => {
    await emu.control('properties', { name: CC_PROPERTY, value: 'true' });
    await emu.control('oauth/apps', { client_id: CLIENT.clientId, oauth_application_user: 'itil.user' });
    const store = new MemoryTokenStore();
    assert.equal(await whoAmI(cc, store), 'itil.user');
    const stored = await store.load('m');
    assert.equal(stored?.refreshToken, undefined);
    assert.equal(stored?.origin, 'grant');
    await emu.clearRequests();
    await emu.control('oauth/expire', { kind: 'all' });
    assert.equal(await whoAmI(cc, store), 'itil.user');
    assert.equal(await tokenRequests(), 1);
  });

  void it('Test Connection names the grant and says which field to set when there is no application user', async () => {
    await emu.control('properties', { name: CC_PROPERTY, value: 'true' });
    const report = await testConnection({ name: 'svc', baseUrl: emu.baseUrl(), auth: cc });
    const auth = report.stages.find((s) => s.stage === 'authentication');
    assert.equal(auth?.status, 'fail');
    assert.match(auth?.summary ?? '', /refused the OAuth client credentials grant \(HTTP 401, access_denied\)/);
    assert.match(auth?.remedy ?? '', /OAuth Application User/);
    assert.match(auth?.remedy ?? '', /glide\.oauth\.inbound\.client\.credential\.grant_type\.enabled/);
  });
});

void describe('password grant', () => {
  void it('signs in, refreshes, and takes a one-time code for an MFA user', async () => {
    const store = new MemoryTokenStore();
    const auth: ConnectionAuth = { type: 'password', ...CLIENT, username: 'itil.user', password: 'itil' };
    assert.equal(await whoAmI(auth, store), 'itil.user');
    assert.ok((await store.load('m'))?.refreshToken);
    await emu.clearRequests();
    await emu.control('oauth/expire', { kind: 'access' });
    assert.equal(await whoAmI(auth, store), 'itil.user');
    assert.equal(await tokenRequests(), 1, 'one refresh');

    await enableMfa('itil.user');
    const report = await testConnection({ name: 'p', baseUrl: emu.baseUrl(), auth });
    assert.match(report.stages.find((s) => s.stage === 'authentication')?.remedy ?? '', /--otp/);
    const withCode: ConnectionAuth = { ...auth, otp: totp(TEST_TOTP_SECRET) };
    assert.equal(await whoAmI(withCode, new MemoryTokenStore()), 'itil.user');
  });
});

void describe('Basic with a one-time code', () => {
  void it('appends the code; a wrong code is refused, named as such, and locks nothing', async () => {
    await enableMfa('itil.user');
    const basic = { type: 'basic', username: 'itil.user', password: 'itil' } as const;
    const wrong = await testConnection({
      name: 'b',
      baseUrl: emu.baseUrl(),
      auth: { ...basic, otp: wrongTotp(TEST_TOTP_SECRET) },
    });
    const failed = wrong.stages.find((s) => s.stage === 'authentication');
    assert.match(failed?.summary ?? '', /refused the password and one-time code/);
    assert.match(failed?.remedy ?? '', /fresh --otp/);
    const right = await testConnection({
      name: 'b',
      baseUrl: emu.baseUrl(),
      auth: { ...basic, otp: totp(TEST_TOTP_SECRET) },
    });
    assert.equal(right.ok, false, 'itil.user may not read sys_db_object');
    assert.match(
      right.stages.find((s) => s.stage === 'authentication')?.summary ?? '',
      /Basic auth with a one-time code/,
    );
    assert.equal(await whoAmI({ ...basic, otp: totp(TEST_TOTP_SECRET) }), 'itil.user');
    assert.throws(() => client({ ...basic, otp: '12ab' }), /one-time code is not 6 to 8 digits/);
  });
});

void describe('a bearer token from elsewhere', () => {
  void it('is sent as is; once expired, the 401 says to get a new one', async () => {
    const { access_token } = await rawGrant();
    assert.equal(await whoAmI({ type: 'token', accessToken: access_token }), 'itil.user');
    await emu.control('oauth/expire', { kind: 'all' });
    const report = await testConnection({
      name: 'ci',
      baseUrl: emu.baseUrl(),
      auth: { type: 'token', accessToken: access_token },
    });
    const failed = report.stages.find((s) => s.stage === 'authentication');
    assert.match(failed?.summary ?? '', /refused the bearer token/);
    assert.match(failed?.remedy ?? '', /NOWREST_TOKEN/);
  });
});

void describe('imported tokens', () => {
  const oauth2: ConnectionAuth = { type: 'oauth2', ...CLIENT };
  const importInto = (store: MemoryTokenStore, token: { refreshToken?: string; accessToken?: string }) =>
    importTokens({
      connection: 'm',
      tokenStore: store,
      tokenUrl: endpoints.tokenUrl,
      ...CLIENT,
      instanceUrl: emu.baseUrl(),
      ...token,
    });

  void it('a refresh token is tried at once, bound to the settings, and refreshes as usual', async () => {
    const { refresh_token } = await rawGrant();
    const store = new MemoryTokenStore();
    const result = await importInto(store, { refreshToken: refresh_token });
    assert.equal(result.refreshable, true);
    const status = await oauthStatus(store, 'm');
    assert.equal(status.origin, 'imported');
    assert.equal(status.refreshable, true);
    assert.equal(await whoAmI(oauth2, store), 'itil.user');
    await emu.control('oauth/expire', { kind: 'access' });
    assert.equal(await whoAmI(oauth2, store), 'itil.user');
    assert.equal((await store.load('m'))?.origin, 'imported', 'a refresh keeps the origin');
    await assert.rejects(
      importInto(new MemoryTokenStore(), { refreshToken: 'not-a-token' }),
      ReauthenticationRequiredError,
    );
    await assert.rejects(importInto(store, {}), /Import one token/);
  });

  void it('an access token is used until it expires, then points to oauth import or generate', async () => {
    const { access_token } = await rawGrant();
    const store = new MemoryTokenStore();
    const result = await importInto(store, { accessToken: access_token });
    assert.equal(result.expiryEstimated, true);
    assert.equal(result.refreshable, false);
    assert.equal(await whoAmI(oauth2, store), 'itil.user');
    await emu.control('oauth/expire', { kind: 'all' });
    const sn = client(oauth2, store);
    await assert.rejects(Promise.resolve(sn.table('incident').list({ pageSize: 1 })), (e: unknown) => {
      assert.ok(e instanceof ReauthenticationRequiredError);
      assert.equal(e.reason, 'expired');
      assert.match(
        e.message,
        /imported OAuth access token .*"nowrest oauth import m --access-token-stdin".*"nowrest oauth generate m"/,
      );
      return true;
    });
    await sn.close();
  });

  void it('Test Connection with no token stored says so and how to get one, without a request', async () => {
    await emu.clearRequests();
    const report = await testConnection(
      { name: 'demo-oauth', baseUrl: emu.baseUrl(), auth: oauth2 },
      { tokenStore: new MemoryTokenStore() },
    );
    const failed = report.stages.find((s) => s.stage === 'authentication');
    assert.equal(failed?.summary, 'No OAuth token is stored for connection demo-oauth');
    assert.match(failed?.remedy ?? '', /nowrest oauth generate demo-oauth/);
    assert.equal(report.stages.find((s) => s.stage === 'network')?.status, 'skipped');
    assert.equal(await tokenRequests(), 0);
  });
});

void describe('browser sign-in with a pasted redirect URL', () => {
  const run = (paste: (authorizeUrl: string) => Promise<string>, store: MemoryTokenStore) => {
    let resolveUrl: (url: string) => void = () => undefined;
    const authorizeUrl = new Promise<string>((resolve) => (resolveUrl = resolve));
    return generateOAuthTokens({
      connection: 'm',
      ...CLIENT,
      ...endpoints,
      instanceUrl: emu.baseUrl(),
      tokenStore: store,
      onUrl: resolveUrl,
      timeoutMs: 30_000,
      pastedRedirect: async () => paste(await authorizeUrl),
    });
  };

  void it('completes from the pasted URL (the loopback is never called); state and PKCE are checked', async () => {
    const store = new MemoryTokenStore();
    // The browser is elsewhere: its final redirect is not followed, the user copies it.
    await run(async (url) => (await signInWithBrowser(url, { user: 'itil.user', password: 'itil' })).location, store);
    assert.equal((await store.load('m'))?.origin, 'generated');
    assert.equal(await whoAmI({ type: 'oauth2', ...CLIENT }, store), 'itil.user');

    const other = new MemoryTokenStore();
    await assert.rejects(
      run(async (url) => {
        const location = new URL((await signInWithBrowser(url)).location);
        location.searchParams.set('state', 'from-another-attempt');
        return location.toString();
      }, other),
      (e: unknown) => e instanceof OAuthError && /state that does not match/.test(e.message),
    );
    await assert.rejects(
      run(() => Promise.resolve('I signed in'), other),
      /not the URL the browser was redirected to/,
    );
    assert.equal(await other.load('m'), undefined);
  });
});
