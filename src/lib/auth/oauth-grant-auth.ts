/**
 * Strategies for the two grants that need no person: the resource-owner password grant and client
 * credentials. They renew themselves with the same grant when no refresh token is left or it is refused.
 */
import { MemoryTokenStore, type TokenStore } from './token-store.js';
import { createTokenAuth, type TokenAuthStrategy } from './oauth-auth-core.js';
import { tokenBinding } from './token-binding.js';
import { clientCredentialsGrant, passwordGrant, refreshAccessToken } from './oauth-flow.js';
import type { OAuthAuthOptions } from './oauth-auth.js';

/** Options shared by the password and client-credentials strategies; the store is optional (memory). */
export type GrantAuthOptions = Omit<OAuthAuthOptions, 'tokenStore'> & {
  readonly tokenStore?: TokenStore;
  readonly scope?: string;
};

/** Options for {@link createPasswordGrantAuth}. */
export interface PasswordGrantAuthOptions extends GrantAuthOptions {
  readonly username: string;
  readonly password: string;
}

function endpointOf(options: GrantAuthOptions) {
  return {
    tokenUrl: options.tokenUrl,
    clientId: options.clientId,
    ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.refreshTokenLifespanSeconds === undefined
      ? {}
      : { refreshTokenLifespanSeconds: options.refreshTokenLifespanSeconds }),
    ...(options.scope === undefined ? {} : { scope: options.scope }),
  };
}

function lifecycleOf(options: GrantAuthOptions, extraSecrets: readonly string[]) {
  return {
    connectionName: options.connectionName,
    tokenStore: options.tokenStore ?? new MemoryTokenStore(),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.skewMs === undefined ? {} : { skewMs: options.skewMs }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    staticSecrets: [...(options.clientSecret === undefined ? [] : [options.clientSecret]), ...extraSecrets],
    binding: tokenBinding(options),
  };
}

/**
 * OAuth with the password grant: user name and password are exchanged for tokens, refreshed as usual, and
 * exchanged again when the refresh token is refused.
 * @throws TokenEndpointError (an OAuthError) from `authorize` when the instance refuses the credentials.
 */
export function createPasswordGrantAuth(options: PasswordGrantAuthOptions): TokenAuthStrategy {
  const endpoint = endpointOf(options);
  return createTokenAuth({
    ...lifecycleOf(options, [options.password]),
    refresh: (tokens, signal) =>
      refreshAccessToken({
        ...endpoint,
        refreshToken: tokens.refreshToken,
        connection: options.connectionName,
        previous: tokens,
        ...(signal === undefined ? {} : { signal }),
      }),
    obtain: (signal) =>
      passwordGrant({
        ...endpoint,
        username: options.username,
        password: options.password,
        ...(signal === undefined ? {} : { signal }),
      }),
  });
}

/**
 * OAuth with the client credentials grant (ServiceNow: only when
 * `glide.oauth.inbound.client.credential.grant_type.enabled` is true). No refresh token: a new token is
 * requested when the current one is about to expire.
 */
export function createClientCredentialsAuth(options: GrantAuthOptions): TokenAuthStrategy {
  const endpoint = endpointOf(options);
  return createTokenAuth({
    ...lifecycleOf(options, []),
    obtain: (signal) => clientCredentialsGrant({ ...endpoint, ...(signal === undefined ? {} : { signal }) }),
  });
}
