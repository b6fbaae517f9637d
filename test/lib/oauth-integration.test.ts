import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  buildAuthorizeUrl,
  createClient,
  createClientCredentialsAuth,
  createPasswordGrantAuth,
  exchangeCode,
  generateOAuthTokens,
  MemoryTokenStore,
  OAuthError,
  oauthEndpoints,
  oauthReset,
  oauthStatus,
  openVault,
  passwordGrant,
  randomState,
  ReauthenticationRequiredError,
  startLoopbackReceiver,
  tokenBinding,
  type Logger,
  type TokenStore,
} from '../../src/lib/index.js';
import { startLibEmulator, type LibEmulator } from './lib-emulator.js';
import { signInWithBrowser } from './oauth-browser.js';

const SECRET = 'nowrest-demo-secret';
const CLIENT = { clientId: 'nowrest-demo', clientSecret: SECRET };
let emu: LibEmulator;
let endpoints: ReturnType<typeof oauthEndpoints>;
let tmp: string;

before(async () => {
  emu = await startLibEmulator();
  endpoints = oauthEndpoints(emu.url);
  tmp = await mkdtemp(join(tmpdir(), 'nowrest-oauth-'));
});
after(async () => {
  await emu.close();
  await rm(tmp, { recursive: true, force: true });
});
beforeEach(() => emu.reset());

const tokenRequests = async (): Promise<number> =>
  (await emu.requests()).filter((r) => r.path === '/oauth_token.do').length;
/** A browser: signs in, presses the button, follows the final redirect to the loopback receiver. */
const browser =
  (options: { decision?: 'allow' | 'deny'; tamper?: (u: URL) => void } = {}) =>
  async (url: string): Promise<void> => {
    const { location } = await signInWithBrowser(url, options.decision ? { decision: options.decision } : {});
    const target = new URL(location);
    options.tamper?.(target);
    const res = await fetch(target);
    await res.text();
  };
const oauthClient = (store: TokenStore, name = 'dev', logger?: Logger) =>
  createClient(
    { name, baseUrl: emu.baseUrl(), auth: { type: 'oauth2', ...CLIENT } },
    { tokenStore: store, ...(logger ? { logger } : {}) },
  );
const seedTokens = async (store: TokenStore, name = 'dev', patch: { expiresAt?: number } = {}) => {
  const t = await passwordGrant({ tokenUrl: endpoints.tokenUrl, ...CLIENT, username: 'admin', password: 'admin' });
  await store.save(name, { ...t, ...patch });
  return t;
};

void describe('OAuth end to end against the emulator', () => {
  void it('generate(): browser sign-in with PKCE, tokens stored, client works, status shows no token', async () => {
    const store = new MemoryTokenStore();
    let shown = '';
    const result = await generateOAuthTokens({
      connection: 'dev',
      ...CLIENT,
      ...endpoints,
      tokenStore: store,
      onUrl: (u) => (shown = u),
      openBrowser: browser(),
    });
    assert.match(shown, /code_challenge_method=S256/);
    assert.equal(result.scope, 'useraccount');
    assert.ok(result.expiresAt > Date.now() + 1_700_000);
    assert.equal((result as { tokens?: unknown }).tokens, undefined);
    const sn = oauthClient(store);
    assert.equal((await sn.table('incident').list({ pageSize: 2 })).records.length, 2);
    const status = await oauthStatus(store, 'dev');
    assert.equal(status.hasToken, true);
    assert.equal(status.accessTokenExpired, false);
    assert.ok(!JSON.stringify(status).includes((await store.load('dev'))!.accessToken));
    await sn.close();
  });

  void it('tokens are never sent once the instance, token URL or client ID differ from what they were issued for', async () => {
    const store = new MemoryTokenStore();
    await generateOAuthTokens({
      connection: 'dev',
      ...CLIENT,
      ...endpoints,
      tokenStore: store,
      openBrowser: browser(),
    });
    const stored = (await store.load('dev'))!;
    assert.equal(stored.issuedFor, `${emu.url} ${endpoints.tokenUrl} ${CLIENT.clientId}`);
    const changed = [
      // Another client registered on the same instance.
      { baseUrl: emu.baseUrl(), auth: { ...CLIENT, clientId: 'nowrest-demo-public' } },
      // Another host name for the instance: a different origin, so a different instance as far as tokens go.
      { baseUrl: emu.baseUrl().replace('127.0.0.1', 'localhost'), auth: CLIENT },
      // The same instance with an explicit token URL elsewhere: the refresh token must not be posted there.
      {
        baseUrl: emu.baseUrl(),
        auth: { ...CLIENT, tokenUrl: `${emu.url.replace('127.0.0.1', 'localhost')}/oauth_token.do` },
      },
    ];
    for (const { baseUrl, auth } of changed) {
      await emu.clearRequests();
      // Expired, so a strategy that did not check would refresh (posting the refresh token) as well as send.
      await store.save('dev', { ...stored, expiresAt: Date.now() - 1000 });
      const sn = createClient({ name: 'dev', baseUrl, auth: { type: 'oauth2', ...auth } }, { tokenStore: store });
      await assert.rejects(
        async () => await sn.table('incident').list({ pageSize: 1 }),
        (e: unknown) =>
          e instanceof ReauthenticationRequiredError &&
          /issued for other connection settings/.test(e.message) &&
          /nowrest oauth generate dev/.test(e.message),
      );
      assert.deepEqual(await emu.requests(), [], 'no table request and no token request was made');
      await sn.close();
    }
    // The settings they were issued for still work, refreshing and keeping the binding.
    const sn = oauthClient(store);
    assert.equal((await sn.table('incident').list({ pageSize: 1 })).records.length, 1);
    assert.equal((await store.load('dev'))!.issuedFor, stored.issuedFor);
    assert.notEqual((await store.load('dev'))!.accessToken, stored.accessToken, 'the expired token was refreshed');
    const status = await oauthStatus(
      store,
      'dev',
      Date.now,
      tokenBinding({ tokenUrl: endpoints.tokenUrl, clientId: 'x' }),
    );
    assert.equal(status.issuedForOtherSettings, true);
    await sn.close();
  });

  void it('generate() with the public client: PKCE only, no secret', async () => {
    const store = new MemoryTokenStore();
    await generateOAuthTokens({
      connection: 'pub',
      clientId: 'nowrest-demo-public',
      ...endpoints,
      tokenStore: store,
      openBrowser: browser(),
    });
    assert.ok((await store.load('pub'))?.refreshToken);
  });

  void it('authorization code without PKCE (confidential client) and a replayed code', async () => {
    const state = randomState();
    const rx = await startLoopbackReceiver({ state });
    await browser()(
      buildAuthorizeUrl({ authUrl: endpoints.authUrl, clientId: CLIENT.clientId, redirectUri: rx.redirectUri, state }),
    );
    const code = await rx.code;
    const tokens = await exchangeCode({ tokenUrl: endpoints.tokenUrl, ...CLIENT, code, redirectUri: rx.redirectUri });
    assert.ok(tokens.accessToken);
    await assert.rejects(
      exchangeCode({ tokenUrl: endpoints.tokenUrl, ...CLIENT, code, redirectUri: rx.redirectUri }),
      OAuthError,
    );
  });

  void it('a wrong PKCE verifier is refused', async () => {
    const state = randomState();
    const rx = await startLoopbackReceiver({ state });
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    await browser()(
      buildAuthorizeUrl({
        authUrl: endpoints.authUrl,
        clientId: CLIENT.clientId,
        redirectUri: rx.redirectUri,
        state,
        codeChallenge: challenge,
      }),
    );
    const code = await rx.code;
    await assert.rejects(
      exchangeCode({
        tokenUrl: endpoints.tokenUrl,
        ...CLIENT,
        code,
        redirectUri: rx.redirectUri,
        codeVerifier: 'not-the-verifier-not-the-verifier-not-the-v',
      }),
      (e: unknown) => e instanceof OAuthError && e.oauthError === 'server_error',
    );
  });

  void it('Deny → OAuthError access_denied; state mismatch → OAuthError; nothing stored', async () => {
    const store = new MemoryTokenStore();
    const base = { connection: 'dev', ...CLIENT, ...endpoints, tokenStore: store };
    await assert.rejects(
      generateOAuthTokens({ ...base, openBrowser: browser({ decision: 'deny' }) }),
      (e: unknown) => e instanceof OAuthError && e.oauthError === 'access_denied',
    );
    await assert.rejects(
      generateOAuthTokens({ ...base, openBrowser: browser({ tamper: (u) => u.searchParams.set('state', 'forged') }) }),
      (e: unknown) => e instanceof OAuthError && /state/.test(e.message),
    );
    assert.equal(await store.load('dev'), undefined);
  });

  void it('refreshes transparently in the middle of a long listing (forced expiry between pages)', async () => {
    const store = new MemoryTokenStore();
    await seedTokens(store);
    const sn = oauthClient(store);
    await emu.clearRequests();
    let n = 0;
    for await (const page of sn.table('incident').list({ pageSize: 5, query: 'ORDERBYnumber' }).pages()) {
      n += page.records.length;
      if (n === 10 || n === 30) await emu.control('oauth/expire', { kind: 'access' });
    }
    assert.ok(n >= 60, `listed ${n}`);
    assert.equal(await tokenRequests(), 2);
    await sn.close();
  });

  void it('refreshes early when the access token is inside the skew window (2 s lifespan app)', async () => {
    await emu.control('oauth/apps', { client_id: 'short', client_secret: 'short-secret', access_token_lifespan: 2 });
    const store = new MemoryTokenStore();
    const t = await passwordGrant({
      tokenUrl: endpoints.tokenUrl,
      clientId: 'short',
      clientSecret: 'short-secret',
      username: 'admin',
      password: 'admin',
    });
    await store.save('s', t);
    const sn = createClient(
      { name: 's', baseUrl: emu.baseUrl(), auth: { type: 'oauth2', clientId: 'short', clientSecret: 'short-secret' } },
      { tokenStore: store },
    );
    await emu.clearRequests();
    // expires_in is 1 s, inside the 60 s skew: the first call refreshes before sending.
    await sn.table('incident').list({ pageSize: 1 });
    assert.equal(await tokenRequests(), 1);
    assert.notEqual((await store.load('s'))?.accessToken, t.accessToken);
    await sn.close();
  });

  void it('refresh storm: 200 concurrent calls on an expired token make exactly one token request', async () => {
    const store = new MemoryTokenStore();
    await seedTokens(store, 'dev', { expiresAt: Date.now() - 1 });
    const sn = oauthClient(store);
    await emu.clearRequests();
    const pages = await Promise.all(Array.from({ length: 200 }, () => sn.table('incident').list({ pageSize: 1 })));
    assert.equal(pages.length, 200);
    assert.equal(await tokenRequests(), 1);
    // The same storm when only the server knows the token is dead (every call gets a 401 first).
    await emu.control('oauth/expire', { kind: 'access' });
    await emu.clearRequests();
    await Promise.all(Array.from({ length: 200 }, () => sn.table('incident').list({ pageSize: 1 })));
    assert.equal(await tokenRequests(), 1);
    await sn.close();
  });

  void it('an expired refresh token → one ReauthenticationRequiredError per waiter, no retry loop', async () => {
    const store = new MemoryTokenStore();
    await seedTokens(store, 'dev', { expiresAt: Date.now() - 1 });
    await emu.control('oauth/expire', { kind: 'all' });
    const sn = oauthClient(store);
    await emu.clearRequests();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => sn.table('incident').list({ pageSize: 1 })),
    );
    const errors = results.map((r) => (r.status === 'rejected' ? (r.reason as unknown) : undefined));
    assert.ok(errors.every((e) => e instanceof ReauthenticationRequiredError));
    assert.equal(new Set(errors).size, 1);
    assert.match(
      (errors[0] as Error).message,
      /Run "nowrest oauth generate dev" \(or press Generate in the console\) to sign in again\./,
    );
    await assert.rejects(
      sn
        .table('incident')
        .list({ pageSize: 1 })
        .then((p) => p),
      ReauthenticationRequiredError,
    );
    assert.equal(await tokenRequests(), 1);
    assert.equal((await emu.requests()).filter((r) => r.path.startsWith('/api/')).length, 0);
    await sn.close();
  });

  void it('two processes refreshing the same vault at the same moment both succeed, store stays valid', async () => {
    const dir = join(tmp, 'shared-vault');
    const vault = await openVault({ dir });
    await seedTokens(vault.tokenStore(), 'shared', { expiresAt: Date.now() - 1 });
    await emu.clearRequests();
    const run = promisify(execFile);
    const child = () =>
      run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'oauth-child.ts'), emu.url, dir]);
    const outs = await Promise.all([child(), child()]);
    const results = outs.map((o) => JSON.parse(o.stdout.trim()) as { ok: boolean; token: string; error?: string });
    assert.ok(
      results.every((r) => r.ok),
      JSON.stringify(results),
    );
    assert.equal(results[0]!.token, results[1]!.token);
    // The vault lock plus the re-read inside it: one refresh between the two processes.
    assert.equal(await tokenRequests(), 1);
    const stored = await vault.tokenStore().load('shared');
    assert.ok(stored && stored.expiresAt > Date.now());
    const res = await fetch(`${emu.baseUrl()}/table/incident?sysparm_limit=1`, {
      headers: { authorization: `Bearer ${stored.accessToken}` },
    });
    assert.equal(res.status, 200);
    await res.text();
  });

  void it('reset with revoke kills the tokens on the instance and forgets them', async () => {
    const store = new MemoryTokenStore();
    const t = await seedTokens(store);
    const result = await oauthReset({
      tokenStore: store,
      connection: 'dev',
      revoke: true,
      revokeUrl: endpoints.revokeUrl,
    });
    assert.deepEqual(result, { cleared: true, revoked: 2 });
    assert.equal((await oauthStatus(store, 'dev')).hasToken, false);
    const res = await fetch(`${emu.baseUrl()}/table/incident?sysparm_limit=1`, {
      headers: { authorization: `Bearer ${t.accessToken}` },
    });
    assert.equal(res.status, 401);
    await res.text();
  });

  void it('canary: secrets never reach logs, error messages or JSON of errors', async () => {
    const lines: string[] = [];
    const record = (level: string) => (message: string, data?: Record<string, unknown>) =>
      void lines.push(`${level} ${message} ${inspect(data, { depth: 5 })}`);
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const store = new MemoryTokenStore();
    const t = await seedTokens(store, 'dev', { expiresAt: Date.now() - 1 });
    const sn = oauthClient(store, 'dev', logger);
    await sn.table('incident').list({ pageSize: 1 });
    await emu.control('oauth/expire', { kind: 'all' });
    const errors: unknown[] = [];
    await sn
      .table('incident')
      .list({ pageSize: 1 })
      .then(undefined, (e: unknown) => errors.push(e));
    const refreshed = await store.load('dev');
    const pwAuth = createPasswordGrantAuth({
      connectionName: 'pw',
      ...CLIENT,
      tokenUrl: endpoints.tokenUrl,
      username: 'admin',
      password: 'canary-password-123',
      logger,
    });
    await pwAuth.authorize(new Headers()).then(undefined, (e: unknown) => errors.push(e));
    assert.equal(errors.length, 2);
    const secrets = [SECRET, 'canary-password-123', t.accessToken, t.refreshToken!, refreshed!.accessToken];
    const texts = [
      ...lines,
      ...errors.flatMap((e) => [String(e), (e as Error).message, JSON.stringify(e), inspect(e, { depth: 6 })]),
    ];
    for (const text of texts)
      for (const s of secrets) assert.ok(!text.includes(s), `secret leaked in: ${text.slice(0, 200)}`);
    await sn.close();
  });
});

void describe('grant strategies without a person', () => {
  void it('password grant: obtains, refreshes, and signs in again when the refresh token dies', async () => {
    const auth = createPasswordGrantAuth({
      connectionName: 'pw',
      ...CLIENT,
      tokenUrl: endpoints.tokenUrl,
      username: 'admin',
      password: 'admin',
    });
    const sn = createClient(
      { name: 'pw', baseUrl: emu.baseUrl(), auth: { type: 'oauth2', clientId: CLIENT.clientId } },
      { auth },
    );
    await emu.clearRequests();
    await sn.table('incident').list({ pageSize: 1 });
    assert.equal(await tokenRequests(), 1);
    await emu.control('oauth/expire', { kind: 'all' });
    await sn.table('incident').list({ pageSize: 1 });
    // One refused refresh, then one new password grant.
    assert.equal(await tokenRequests(), 3);
    await sn.close();
  });

  void it('client credentials: refused until the property is on, then works without a refresh token', async () => {
    const auth = createClientCredentialsAuth({ connectionName: 'cc', ...CLIENT, tokenUrl: endpoints.tokenUrl });
    await assert.rejects(
      auth.authorize(new Headers()),
      (e: unknown) => e instanceof OAuthError && !String(JSON.stringify(e)).includes(SECRET),
    );
    await emu.control('properties', {
      name: 'glide.oauth.inbound.client.credential.grant_type.enabled',
      value: 'true',
    });
    await emu.control('oauth/apps', { client_id: CLIENT.clientId, oauth_application_user: 'admin' });
    const fresh = createClientCredentialsAuth({ connectionName: 'cc', ...CLIENT, tokenUrl: endpoints.tokenUrl });
    const h = new Headers();
    await fresh.authorize(h);
    assert.match(h.get('authorization') ?? '', /^Bearer [A-Za-z0-9_-]{43,}$/);
    assert.equal((await fresh.tokens()).refreshToken, undefined);
  });

  void it('an unreachable token endpoint is a ConnectionError that names the URL only', async () => {
    const closed = await startLoopbackReceiver({ state: 'x' });
    const url = `${new URL(closed.redirectUri).origin}/oauth_token.do`;
    await closed.close();
    await assert.rejects(
      passwordGrant({ tokenUrl: url, ...CLIENT, username: 'admin', password: 'canary-pw-9' }),
      (e: unknown) => {
        assert.equal((e as { code?: string }).code, 'SN_CONNECTION');
        const text = `${String(e)} ${JSON.stringify(e)} ${inspect(e, { depth: 6 })}`;
        assert.ok(!text.includes('canary-pw-9') && !text.includes(SECRET));
        return true;
      },
    );
  });
});
