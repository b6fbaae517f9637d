import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReauthenticationRequiredError } from '../../src/lib/errors/index.js';
import { createTokenAuth, type TokenLifecycle } from '../../src/lib/auth/oauth-auth-core.js';
import { MemoryTokenStore, type StoredTokens } from '../../src/lib/auth/token-store.js';

const T0 = 1_800_000_000_000;

function setup(overrides: Partial<TokenLifecycle> = {}) {
  let now = T0;
  const store = new MemoryTokenStore();
  const calls: StoredTokens[] = [];
  let n = 0;
  let failWith: Error | undefined;
  const saves: string[] = [];
  const origSave = store.save.bind(store);
  store.save = async (c, t) => {
    saves.push(t.accessToken);
    await origSave(c, t);
  };
  const auth = createTokenAuth({
    connectionName: 'dev',
    tokenStore: store,
    clock: () => now,
    staticSecrets: ['client-secret-canary'],
    refresh: async (tokens) => {
      calls.push(tokens);
      // Yield a few turns so concurrent callers really overlap with the flight.
      await new Promise((r) => setImmediate(r));
      if (failWith) throw failWith;
      n += 1;
      return {
        accessToken: `access-${n}`,
        refreshToken: tokens.refreshToken,
        expiresAt: now + 1_800_000,
        tokenType: 'Bearer',
      };
    },
    ...overrides,
  });
  return {
    auth,
    store,
    calls,
    saves,
    advance: (ms: number) => (now += ms),
    fail: (e: Error | undefined) => (failWith = e),
  };
}

const seed = (expiresAt: number): StoredTokens => ({
  accessToken: 'access-0',
  refreshToken: 'refresh-0',
  expiresAt,
  tokenType: 'Bearer',
});

async function bearer(auth: { authorize(h: Headers): Promise<void> }): Promise<string | null> {
  const h = new Headers();
  await auth.authorize(h);
  return h.get('authorization');
}

void describe('OAuth token lifecycle (createTokenAuth)', () => {
  void it('uses a valid stored token without refreshing', async () => {
    const s = setup();
    await s.store.save('dev', seed(T0 + 600_000));
    assert.equal(await bearer(s.auth), 'Bearer access-0');
    assert.equal(s.calls.length, 0);
  });

  void it('refreshes early inside the skew window and saves before resolving', async () => {
    const s = setup();
    await s.store.save('dev', seed(T0 + 30_000)); // within the default 60 s skew
    assert.equal(await bearer(s.auth), 'Bearer access-1');
    assert.equal(s.calls.length, 1);
    assert.equal((await s.store.load('dev'))?.accessToken, 'access-1');
    assert.equal((await s.store.load('dev'))?.refreshToken, 'refresh-0');
  });

  void it('single-flight: 50 concurrent callers on an expired token cause one refresh', async () => {
    const s = setup();
    await s.store.save('dev', seed(T0 - 1));
    const headers = await Promise.all(Array.from({ length: 50 }, () => bearer(s.auth)));
    assert.equal(s.calls.length, 1);
    assert.ok(headers.every((h) => h === 'Bearer access-1'));
    assert.deepEqual(s.saves.slice(-1), ['access-1']);
  });

  void it('re-reads the store before refreshing: tokens renewed elsewhere win', async () => {
    const s = setup();
    await s.store.save('dev', seed(T0 - 1));
    assert.equal(await bearer(s.auth), 'Bearer access-1');
    // Another process refreshes and saves while this strategy still caches access-1.
    s.advance(1_800_000);
    await s.store.save('dev', { ...seed(T0 + 10_000_000), accessToken: 'from-other-process' });
    assert.equal(await bearer(s.auth), 'Bearer from-other-process');
    assert.equal(s.calls.length, 1);
  });

  void it('no stored tokens: ReauthenticationRequiredError naming the generate command', async () => {
    const s = setup();
    await assert.rejects(bearer(s.auth), (e: unknown) => {
      assert.ok(e instanceof ReauthenticationRequiredError);
      assert.equal(e.code, 'SN_REAUTH_REQUIRED');
      assert.match(
        e.message,
        /Run "nowrest oauth generate dev" \(or press Generate in the console\) to sign in again\./,
      );
      return true;
    });
    assert.equal(s.calls.length, 0);
  });

  void it('a refused refresh gives every waiter one error, then fails fast until the store changes', async () => {
    const s = setup();
    await s.store.save('dev', seed(T0 - 1));
    const refused = new ReauthenticationRequiredError('refused');
    s.fail(refused);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => bearer(s.auth)));
    assert.equal(s.calls.length, 1);
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason === refused));
    // Later calls: no new refresh attempt.
    await assert.rejects(bearer(s.auth), ReauthenticationRequiredError);
    await assert.rejects(s.auth.onUnauthorized!(), ReauthenticationRequiredError);
    assert.equal(s.calls.length, 1);
    // A new sign-in lands in the store: the strategy recovers without being rebuilt.
    s.fail(undefined);
    await s.store.save('dev', { ...seed(T0 + 600_000), accessToken: 'signed-in-again' });
    assert.equal(await bearer(s.auth), 'Bearer signed-in-again');
  });

  void it('expired token without a refresh token asks for a sign-in', async () => {
    const s = setup();
    await s.store.save('dev', { accessToken: 'a', expiresAt: T0 - 1, tokenType: 'Bearer' });
    await assert.rejects(bearer(s.auth), /has expired and there is no refresh token.*nowrest oauth generate dev/);
    assert.equal(s.calls.length, 0);
  });

  void it('onUnauthorized refreshes once per dead token; 401s of requests sent with an older token only replay', async () => {
    const s = setup();
    await s.store.save('dev', seed(T0 + 600_000));
    assert.equal(await bearer(s.auth), 'Bearer access-0');
    assert.equal(await s.auth.onUnauthorized!(undefined, 'Bearer access-0'), true);
    assert.equal(s.calls.length, 1);
    // Another request that was sent with access-0 comes back 401 after the refresh: no second refresh.
    assert.equal(await s.auth.onUnauthorized!(undefined, 'Bearer access-0'), true);
    assert.equal(s.calls.length, 1);
    assert.equal(await bearer(s.auth), 'Bearer access-1');
    // The new token is rejected too: refresh again.
    assert.equal(await s.auth.onUnauthorized!(undefined, 'Bearer access-1'), true);
    assert.equal(s.calls.length, 2);
    // A transport that does not say which token it sent: refresh (correct, at worst one extra request).
    assert.equal(await s.auth.onUnauthorized!(), true);
    assert.equal(s.calls.length, 3);
  });

  void it('concurrent 401s join one refresh', async () => {
    const s = setup();
    await s.store.save('dev', seed(T0 + 600_000));
    await bearer(s.auth);
    const replays = await Promise.all(
      Array.from({ length: 30 }, () => s.auth.onUnauthorized!(undefined, 'Bearer access-0')),
    );
    assert.ok(replays.every(Boolean));
    assert.equal(s.calls.length, 1);
  });

  void it('invalidate() during a flight: the stale result is not adopted (generation counter)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inFlight = new Promise<void>((r) => (entered = r));
    const s = setup({
      refresh: async (tokens) => {
        entered();
        await gate;
        return { ...tokens, accessToken: 'from-stale-flight', expiresAt: T0 + 600_000 };
      },
    });
    await s.store.save('dev', seed(T0 - 1));
    const pending = bearer(s.auth);
    await inFlight;
    s.auth.invalidate();
    // A sign-in replaces the tokens while the old flight is still running.
    await s.store.save('dev', { ...seed(T0 + 900_000), accessToken: 'newer-sign-in' });
    const other = bearer(s.auth);
    release();
    assert.equal(await pending, 'Bearer from-stale-flight');
    // The caller that arrived after invalidate() did not join the stale flight.
    assert.equal(await other, 'Bearer newer-sign-in');
    assert.equal((await s.store.load('dev'))?.accessToken, 'newer-sign-in');
  });

  void it('secrets() lists the client secret and the tokens in use, for redaction', async () => {
    const s = setup();
    await s.store.save('dev', seed(T0 - 1));
    await bearer(s.auth);
    const secrets = s.auth.secrets();
    for (const v of ['client-secret-canary', 'access-0', 'refresh-0', 'access-1']) assert.ok(secrets.includes(v), v);
  });

  void it('obtain() renews grants that need no person when the refresh is refused', async () => {
    let obtained = 0;
    const s = setup({
      obtain: () => {
        obtained += 1;
        return Promise.resolve({ accessToken: `obtained-${obtained}`, expiresAt: T0 + 600_000, tokenType: 'Bearer' });
      },
    });
    assert.equal(await bearer(s.auth), 'Bearer obtained-1');
    s.advance(600_000);
    assert.equal(await bearer(s.auth), 'Bearer obtained-2');
    assert.equal(s.calls.length, 0);
  });

  void it('tokens bound to other settings: refused without a request, or replaced by obtain(); renewals are stamped', async () => {
    const bound = (issuedFor: string): StoredTokens => ({ ...seed(T0 + 600_000), issuedFor });
    const s = setup({ binding: 'here' });
    await s.store.save('dev', bound('elsewhere'));
    await assert.rejects(bearer(s.auth), (e: unknown) => e instanceof ReauthenticationRequiredError);
    assert.equal(s.calls.length, 0, 'the refresh token was not used either');
    await s.store.save('dev', seed(T0 + 30_000)); // unbound (stored before bindings existed): used, then stamped
    s.auth.invalidate();
    assert.equal(await bearer(s.auth), 'Bearer access-1');
    assert.equal((await s.store.load('dev'))?.issuedFor, 'here');

    let obtained = 0;
    const g = setup({
      binding: 'here',
      obtain: () => {
        obtained += 1;
        return Promise.resolve({ accessToken: `obtained-${obtained}`, expiresAt: T0 + 600_000, tokenType: 'Bearer' });
      },
    });
    await g.store.save('dev', bound('elsewhere'));
    assert.equal(await bearer(g.auth), 'Bearer obtained-1');
    assert.equal(g.calls.length, 0);
    assert.equal((await g.store.load('dev'))?.issuedFor, 'here');
  });
});
