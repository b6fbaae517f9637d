/**
 * The OAuth 2.0 strategy for connections signed in with the authorization code flow: tokens come from
 * the store (put there by `generate`), are refreshed transparently, and a dead refresh token surfaces as
 * ReauthenticationRequiredError naming `nowrest oauth generate <name>`.
 */
import type { Dispatcher } from 'undici';
import type { Logger } from '../logger.js';
import { tokenBinding } from './token-binding.js';
import { createTokenAuth, type TokenAuthStrategy, type TokenLifecycle } from './oauth-auth-core.js';
import { refreshAccessToken } from './oauth-flow.js';
import { tokenEndpointOf, type TokenEndpointOptions } from './oauth-token-endpoint.js';
import type { TokenStore } from './token-store.js';

export type { TokenAuthStrategy } from './oauth-auth-core.js';

/** Options for {@link createOAuthAuth}. */
export interface OAuthAuthOptions {
  /** The connection's name: the token store key and the name in re-authentication messages. */
  readonly connectionName: string;
  readonly clientId: string;
  /** Omitted for public (PKCE-only) clients. */
  readonly clientSecret?: string;
  /** `https://<instance>/oauth_token.do` (see `oauthEndpoints`). */
  readonly tokenUrl: string;
  /**
   * The instance the tokens are used against (default: the token URL's origin). Stored tokens issued for another
   * instance, token URL or client ID are never sent: the strategy asks for a new sign-in instead.
   */
  readonly instanceUrl?: string;
  readonly tokenStore: TokenStore;
  /** Epoch-ms clock (default `Date.now`). */
  readonly clock?: () => number;
  /** Refresh this long before the access token expires (default 60,000 ms). */
  readonly skewMs?: number;
  /** For proxies and custom CAs; a function is read at request time. */
  readonly dispatcher?: Dispatcher | (() => Dispatcher | undefined);
  readonly logger?: Logger;
  /** The refresh token lifespan, for `refreshExpiresAt` estimates (default 8,640,000 s). */
  readonly refreshTokenLifespanSeconds?: number;
}

/**
 * OAuth 2.0 for a connection whose tokens are in `tokenStore`.
 *
 * @throws ReauthenticationRequiredError (from `authorize`) when no tokens are stored or the refresh token
 *   was refused; every caller waiting on that refresh gets the same error, and later calls fail without a
 *   token request until the store changes.
 * @example
 * const vault = await openVault({ dir });
 * const auth = createOAuthAuth({ connectionName: 'dev', clientId, clientSecret, tokenUrl, tokenStore: vault.tokenStore() });
 * const sn = createClient({ baseUrl, auth });
 */
export function createOAuthAuth(options: OAuthAuthOptions): TokenAuthStrategy {
  return createTokenAuth({
    ...lifecycleOf(options, options.tokenStore),
    refresh: refreshAt(tokenEndpointOf(options), options.connectionName),
  });
}

/** The lifecycle settings every strategy built from {@link OAuthAuthOptions} shares; `extraSecrets` are redacted. */
export function lifecycleOf(
  options: Omit<OAuthAuthOptions, 'tokenStore'>,
  tokenStore: TokenStore,
  extraSecrets: readonly string[] = [],
): TokenLifecycle {
  return {
    connectionName: options.connectionName,
    tokenStore,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.skewMs === undefined ? {} : { skewMs: options.skewMs }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    staticSecrets: [...(options.clientSecret === undefined ? [] : [options.clientSecret]), ...extraSecrets],
    binding: tokenBinding(options),
  };
}

/** The refresh step: trades the refresh token at `endpoint` for new tokens of `connectionName`. */
export function refreshAt(
  endpoint: TokenEndpointOptions,
  connectionName: string,
): NonNullable<TokenLifecycle['refresh']> {
  return (tokens, signal) =>
    refreshAccessToken({
      ...endpoint,
      refreshToken: tokens.refreshToken,
      connection: connectionName,
      previous: tokens,
      ...(signal === undefined ? {} : { signal }),
    });
}
