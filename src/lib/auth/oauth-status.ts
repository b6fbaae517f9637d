/**
 * `nowrest oauth status|reset` support: what is stored for a connection (never the token itself), and
 * forgetting it, optionally revoking it on the instance first.
 */
import type { Dispatcher } from 'undici';
import { ConnectionError } from '../errors/connection-error.js';
import { revokeToken } from './oauth-flow.js';
import { issuedForOtherSettings } from './token-binding.js';
import type { TokenOrigin, TokenStore } from './token-store.js';

/** The stored token facts of a connection. */
export interface OAuthStatus {
  readonly hasToken: boolean;
  readonly hasRefreshToken: boolean;
  /** Access token expiry, epoch ms. */
  readonly expiresAt?: number;
  readonly accessTokenExpired?: boolean;
  /** Estimated refresh token expiry, epoch ms. */
  readonly refreshExpiresAt?: number;
  readonly refreshTokenExpired?: boolean;
  readonly scope?: string;
  /**
   * True when the tokens were issued for other settings than `binding` (the instance, token URL or client ID
   * changed since they were generated): they will not be sent, and a new sign-in is needed.
   */
  readonly issuedForOtherSettings?: boolean;
  /** Where the tokens came from (absent on tokens stored before this was recorded). */
  readonly origin?: TokenOrigin;
  /** True when the access token's expiry is a guess (an imported token whose lifetime was not given). */
  readonly expiryEstimated?: boolean;
  /** True when a new access token can be had without a person: a live refresh token. */
  readonly refreshable: boolean;
}

/**
 * Reads the token facts of `connection` from `tokenStore`.
 * @param binding what the tokens must have been issued for (`tokenBinding`); omitted: not checked.
 */
export async function oauthStatus(
  tokenStore: TokenStore,
  connection: string,
  clock: () => number = Date.now,
  binding?: string,
): Promise<OAuthStatus> {
  const tokens = await tokenStore.load(connection);
  if (!tokens) return { hasToken: false, hasRefreshToken: false, refreshable: false };
  const now = clock();
  const refreshLive = tokens.refreshExpiresAt === undefined || tokens.refreshExpiresAt > now;
  return {
    hasToken: true,
    refreshable: tokens.refreshToken !== undefined && refreshLive,
    ...(tokens.origin === undefined ? {} : { origin: tokens.origin }),
    ...(tokens.expiryEstimated === true ? { expiryEstimated: true } : {}),
    ...(binding === undefined ? {} : { issuedForOtherSettings: issuedForOtherSettings(tokens.issuedFor, binding) }),
    hasRefreshToken: tokens.refreshToken !== undefined,
    expiresAt: tokens.expiresAt,
    accessTokenExpired: tokens.expiresAt <= now,
    ...(tokens.refreshExpiresAt === undefined
      ? {}
      : { refreshExpiresAt: tokens.refreshExpiresAt, refreshTokenExpired: tokens.refreshExpiresAt <= now }),
    ...(tokens.scope === undefined ? {} : { scope: tokens.scope }),
  };
}

/** Options for {@link oauthReset}. */
export interface OAuthResetOptions {
  readonly tokenStore: TokenStore;
  readonly connection: string;
  /** Also revoke the tokens at `revokeUrl` before forgetting them. */
  readonly revoke?: boolean;
  /** `https://<instance>/oauth_revoke_token.do`; required when `revoke` is true. */
  readonly revokeUrl?: string;
  readonly dispatcher?: Dispatcher;
  readonly signal?: AbortSignal;
}

/** What {@link oauthReset} did. */
export interface OAuthResetResult {
  readonly cleared: boolean;
  /** How many tokens the instance accepted for revocation (0 when not asked). */
  readonly revoked: number;
}

/**
 * Forgets the stored tokens. With `revoke`, first revokes the refresh and access tokens on the instance;
 * the local tokens are cleared even if revocation fails (the error is then rethrown), so a reset always
 * leaves the connection signed out locally.
 */
export async function oauthReset(options: OAuthResetOptions): Promise<OAuthResetResult> {
  const tokens = await options.tokenStore.load(options.connection);
  let revoked = 0;
  let failure: Error | undefined;
  if (tokens && options.revoke === true) {
    if (options.revokeUrl === undefined) throw new RangeError('revokeUrl is required when revoke is true');
    for (const token of [tokens.refreshToken, tokens.accessToken]) {
      if (token === undefined) continue;
      try {
        const ok = await revokeToken({
          revokeUrl: options.revokeUrl,
          token,
          ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        if (ok) revoked += 1;
      } catch (error) {
        // Wrapped so the message names only the endpoint, never the token that was in the URL.
        failure ??= new ConnectionError(`Could not revoke the token at ${options.revokeUrl}`, { cause: error });
      }
    }
  }
  await options.tokenStore.clear(options.connection);
  if (failure !== undefined) throw failure;
  return { cleared: tokens !== undefined, revoked };
}
