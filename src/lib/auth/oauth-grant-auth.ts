/**
 * Strategies for the two grants that need no person: the resource-owner password grant and client
 * credentials. They renew themselves with the same grant when no refresh token is left or it is refused.
 */
import { MemoryTokenStore, type TokenStore } from './token-store.js';
import { createTokenAuth, type TokenAuthStrategy } from './oauth-auth-core.js';
import { clientCredentialsGrant, passwordGrant } from './oauth-flow.js';
import { lifecycleOf, refreshAt, type OAuthAuthOptions } from './oauth-auth.js';
import { tokenEndpointOf, type TokenEndpointOptions } from './oauth-token-endpoint.js';

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

/** The token endpoint settings plus the grant's scope. */
function endpointOf(options: GrantAuthOptions): TokenEndpointOptions & { readonly scope?: string } {
  return { ...tokenEndpointOf(options), ...(options.scope === undefined ? {} : { scope: options.scope }) };
}

/** Without a store the tokens live in memory. */
const storeOf = (options: GrantAuthOptions): TokenStore => options.tokenStore ?? new MemoryTokenStore();

/**
 * OAuth with the password grant: user name and password are exchanged for tokens, refreshed as usual, and
 * exchanged again when the refresh token is refused.
 * @throws TokenEndpointError (an OAuthError) from `authorize` when the instance refuses the credentials.
 */
export function createPasswordGrantAuth(options: PasswordGrantAuthOptions): TokenAuthStrategy {
  const endpoint = endpointOf(options);
  return createTokenAuth({
    ...lifecycleOf(options, storeOf(options), [options.password]),
    refresh: refreshAt(endpoint, options.connectionName),
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
    ...lifecycleOf(options, storeOf(options)),
    obtain: (signal) => clientCredentialsGrant({ ...endpoint, ...(signal === undefined ? {} : { signal }) }),
  });
}
