/**
 * The token lifecycle shared by every OAuth strategy: load from the store, refresh early inside the skew
 * window, single-flight refresh (one in-flight promise, cleared in `finally` only if still current, and a
 * generation counter that drops results made stale by a reset), save inside the flight, and fail fast once
 * the refresh token is dead until the store changes. The grant-specific parts are the two callbacks.
 */
import { ReauthenticationRequiredError, type ReauthenticationReason } from '../errors/oauth-error.js';
import { silentLogger, type Logger } from '../logger.js';
import type { AuthStrategy } from './auth-strategy.js';
import { reauthenticationMessage } from './oauth-flow.js';
import { issuedForOtherSettings, OTHER_SETTINGS_REASON } from './token-binding.js';
import type { StoredTokens, TokenStore } from './token-store.js';

/** The grant-specific half of a token strategy. */
export interface TokenLifecycle {
  readonly connectionName: string;
  readonly tokenStore: TokenStore;
  readonly clock?: () => number;
  /** Refresh this long before expiry (default 60 s). */
  readonly skewMs?: number;
  readonly logger?: Logger;
  /**
   * What tokens must have been issued for (see token-binding.ts). Stored tokens issued for anything else are
   * never sent nor refreshed; renewed tokens are stamped with it.
   */
  readonly binding?: string;
  /** Extra secrets to redact (the client secret, a password). */
  readonly staticSecrets?: readonly string[];
  /** Uses a refresh token; must throw ReauthenticationRequiredError when it is refused. */
  readonly refresh?: (tokens: StoredTokens & { refreshToken: string }, signal?: AbortSignal) => Promise<StoredTokens>;
  /** Gets brand-new tokens without a person (password / client credentials grants); absent for auth code. */
  readonly obtain?: (signal?: AbortSignal) => Promise<StoredTokens>;
}

/** An AuthStrategy with the token controls the CLI and console need. */
export interface TokenAuthStrategy extends AuthStrategy {
  readonly kind: 'oauth2';
  /** Valid tokens, refreshing first when needed. */
  tokens(signal?: AbortSignal): Promise<StoredTokens>;
  /** Forgets cached state (call after the store was changed by a sign-in or reset in this process). */
  invalidate(): void;
}

const MAX_REMEMBERED_SECRETS = 8;

/** What identifies a token pair: a store whose fingerprint changed was renewed by someone else. */
const fingerprint = (t: StoredTokens | undefined): string => (t ? `${t.accessToken}\n${t.refreshToken ?? ''}` : '');

/** Binds renewed tokens to the settings; a refresh keeps the origin, a grant without a person is `grant`. */
function stamp(
  t: StoredTokens,
  base: StoredTokens | undefined,
  refreshed: boolean,
  binding: string | undefined,
): StoredTokens {
  const origin = refreshed ? (base?.origin ?? t.origin) : 'grant';
  const { expiryEstimated: _guess, ...known } = t;
  return {
    ...known,
    ...(origin === undefined ? {} : { origin }),
    ...(binding === undefined ? {} : { issuedFor: binding }),
  };
}

/** The error for tokens that expired with no way to renew them. */
function cannotRenew(name: string, base: StoredTokens | undefined): ReauthenticationRequiredError {
  return base?.origin === 'imported'
    ? new ReauthenticationRequiredError(
        `The imported OAuth access token of "${name}" has expired (or was revoked) and cannot be refreshed. Import a new one with "nowrest oauth import ${name} --access-token-stdin" (or a refresh token with --refresh-token-stdin), or sign in with "nowrest oauth generate ${name}".`,
        { reason: 'expired' },
      )
    : new ReauthenticationRequiredError(
        reauthenticationMessage(name, `The stored OAuth token of "${name}" has expired and there is no refresh token`),
        { reason: 'expired' },
      );
}

/** Builds a token strategy from a {@link TokenLifecycle}. */
export function createTokenAuth(life: TokenLifecycle): TokenAuthStrategy {
  const name = life.connectionName;
  const store = life.tokenStore;
  const now = life.clock ?? Date.now;
  const skewMs = life.skewMs ?? 60_000;
  const logger = life.logger ?? silentLogger;
  const seen: string[] = [];

  let cached: StoredTokens | undefined;
  let inflight: Promise<StoredTokens> | undefined;
  let generation = 0;
  let dead: { error: ReauthenticationRequiredError; fingerprint: string } | undefined;

  const fresh = (t: StoredTokens): boolean => t.expiresAt - skewMs > now();
  const remember = (t: StoredTokens): void => {
    for (const s of [t.accessToken, t.refreshToken]) {
      if (s !== undefined && !seen.includes(s)) seen.push(s);
    }
    seen.splice(0, Math.max(0, seen.length - MAX_REMEMBERED_SECRETS));
  };
  const adopt = (t: StoredTokens): StoredTokens => {
    cached = t;
    remember(t);
    return t;
  };
  const reauth = (why: string, reason: ReauthenticationReason): ReauthenticationRequiredError =>
    new ReauthenticationRequiredError(reauthenticationMessage(name, why), { reason });

  /**
   * The stored tokens when they were issued for this connection's settings. Tokens issued for other settings are
   * treated as absent by a strategy that can get new ones by itself, and refused otherwise.
   */
  async function load(): Promise<StoredTokens | undefined> {
    const stored = await store.load(name);
    if (stored === undefined || !issuedForOtherSettings(stored.issuedFor, life.binding)) return stored;
    if (life.obtain) return undefined;
    throw reauth(`The stored OAuth tokens of "${name}" ${OTHER_SETTINGS_REASON}`, 'other-settings');
  }

  async function current(): Promise<StoredTokens> {
    if (dead) return revive(dead);
    if (cached) return cached;
    const stored = await load();
    if (stored) return adopt(stored);
    if (life.obtain) return renew(undefined, undefined);
    throw reauth(`No OAuth tokens are stored for connection "${name}"`, 'no-token');
  }

  /** Fails fast without a token request, but notices a new sign-in (by this or another process). */
  async function revive(known: NonNullable<typeof dead>): Promise<StoredTokens> {
    const stored = await load();
    if (fingerprint(stored) === known.fingerprint || stored === undefined) throw known.error;
    dead = undefined;
    return adopt(stored);
  }

  /** New tokens for `base`: refreshed when it has a refresh token, else (or when that is refused) obtained. */
  async function exchange(
    base: StoredTokens | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ next: StoredTokens; refreshed: boolean }> {
    if (base?.refreshToken !== undefined && life.refresh) {
      logger.debug(`oauth: refreshing the access token of "${name}"`);
      try {
        return { next: await life.refresh({ ...base, refreshToken: base.refreshToken }, signal), refreshed: true };
      } catch (error) {
        if (!(error instanceof ReauthenticationRequiredError) || !life.obtain) throw error;
        return { next: await life.obtain(signal), refreshed: false };
      }
    }
    if (!life.obtain) throw cannotRenew(name, base);
    logger.debug(`oauth: requesting new tokens for "${name}"`);
    return { next: await life.obtain(signal), refreshed: false };
  }

  /** One renewal inside the store's lock: reuse what another process stored meanwhile, else exchange and save. */
  async function renewLocked(
    stale: StoredTokens | undefined,
    signal: AbortSignal | undefined,
    gen: number,
  ): Promise<StoredTokens> {
    // Another process (or a sign-in) may have renewed already: its tokens win, no request needed.
    const stored = await load();
    if (stored && fingerprint(stored) !== fingerprint(stale) && fresh(stored)) return stored;
    const base = stored ?? stale;
    const { next, refreshed } = await exchange(base, signal);
    const stamped = stamp(next, base, refreshed, life.binding);
    // A reset or sign-in happened meanwhile (invalidate()): do not overwrite what it stored.
    if (gen === generation) await store.save(name, stamped);
    return stamped;
  }

  /** Adopts the flight's tokens, or remembers a dead refresh token, unless a reset made the flight stale. */
  function settle(flight: Promise<StoredTokens>, gen: number, stale: StoredTokens | undefined): Promise<StoredTokens> {
    return flight.then(
      (next) => (gen === generation ? adopt(next) : next),
      async (error: unknown) => {
        if (error instanceof ReauthenticationRequiredError && gen === generation) {
          const stored = await store.load(name).catch(() => stale);
          dead = { error, fingerprint: fingerprint(stored ?? stale) };
          logger.warn(`oauth: connection "${name}" needs a new sign-in`);
        }
        throw error;
      },
    );
  }

  /** Single-flight renewal of `stale` (undefined: nothing stored yet). */
  function renew(stale: StoredTokens | undefined, signal: AbortSignal | undefined): Promise<StoredTokens> {
    if (inflight) return inflight;
    const gen = ++generation;
    const run = (): Promise<StoredTokens> => renewLocked(stale, signal, gen);
    // Async, so even a store that throws at once reaches settle() as a rejection.
    const flight = (async () => (store.exclusive ? store.exclusive(name, run) : run()))();
    const settled = settle(flight, gen, stale);
    // Everyone who joins the flight shares `settled`, so all waiters see the same single error.
    inflight = settled;
    void settled
      .catch(() => undefined)
      .finally(() => {
        if (inflight === settled) inflight = undefined;
      });
    return settled;
  }

  async function tokens(signal?: AbortSignal): Promise<StoredTokens> {
    const t = await current();
    if (fresh(t)) return t;
    return renew(t, signal);
  }

  /** After a 401: wait for a renewal in flight, replay with newer tokens, or renew. Always worth a replay. */
  async function onUnauthorized(signal?: AbortSignal, sentAuthorization?: string | null): Promise<boolean> {
    if (inflight) {
      await inflight;
      return true;
    }
    const t = await current();
    // The request was sent with an older token than the one we hold now (someone refreshed meanwhile):
    // replaying with the current token is enough, another refresh would be wasted.
    const sent = sentAuthorization?.replace(/^Bearer\s+/i, '');
    if (sent !== undefined && sent !== '' && sent !== t.accessToken) return true;
    await renew(t, signal);
    return true;
  }

  return {
    kind: 'oauth2',
    tokens,
    async authorize(headers: Headers, signal?: AbortSignal): Promise<void> {
      const t = await tokens(signal);
      headers.set('authorization', `Bearer ${t.accessToken}`);
    },
    onUnauthorized,
    invalidate(): void {
      generation += 1;
      cached = undefined;
      inflight = undefined;
      dead = undefined;
    },
    secrets(): readonly string[] {
      return [...(life.staticSecrets ?? []).filter((s) => s !== ''), ...seen];
    },
  };
}
