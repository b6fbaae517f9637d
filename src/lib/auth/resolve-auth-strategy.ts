import type { AuthStrategy } from './auth-strategy.js';
import { createBasicAuth } from './basic-auth.js';
import type { ConnectionAuth } from '../connection.js';
import { ConfigError } from '../errors/config-error.js';
import { createJwtBearerAuth } from './jwt-bearer-auth.js';
import { createClientCredentialsAuth, createPasswordGrantAuth, type GrantAuthOptions } from './oauth-grant-auth.js';
import { createStaticTokenAuth } from './static-token-auth.js';
import { oauthEndpoints } from './oauth-flow.js';
import { oauthStrategyFor, type OAuthResolveContext } from './oauth-resolve.js';

/**
 * Chooses the auth strategy for a connection. An explicit strategy (`options.auth`) always wins. An OAuth
 * connection otherwise needs `oauth.tokenStore` (from `createClient`'s `tokenStore` option), because the library
 * cannot pick a token store on its own.
 *
 * @throws {ConfigError} for an OAuth connection without a strategy.
 */
export function resolveAuthStrategy(
  auth: ConnectionAuth,
  override?: AuthStrategy,
  oauth?: OAuthResolveContext,
): AuthStrategy {
  if (override) return override;
  if (auth.type === 'oauth2' && oauth?.tokenStore) return oauthStrategyFor(auth, oauth, oauth.tokenStore);
  switch (auth.type) {
    case 'basic':
      return createBasicAuth({
        username: auth.username,
        password: auth.password,
        ...(auth.otp === undefined ? {} : { otp: auth.otp }),
      });
    case 'token':
      return createStaticTokenAuth({ accessToken: auth.accessToken });
    case 'password':
      return createPasswordGrantAuth({
        ...grantOptions(auth, requireContext(oauth, 'password grant')),
        username: auth.username,
        // ServiceNow's MFA for API users: the code follows the password, for this client only.
        password: auth.otp === undefined ? auth.password : `${auth.password}${auth.otp.trim()}`,
      });
    case 'client_credentials':
      return createClientCredentialsAuth(grantOptions(auth, requireContext(oauth, 'client credentials')));
    case 'jwt':
      if (!oauth) {
        throw new ConfigError('A JWT connection needs the instance URL', 'Create it with createClient(config)');
      }
      return createJwtBearerAuth({
        ...fromClient(oauth),
        tokenUrl: auth.tokenUrl ?? oauthEndpoints(oauth.instanceUrl).tokenUrl,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        subject: auth.subject,
        privateKey: auth.privateKey,
        ...(auth.keyId === undefined ? {} : { keyId: auth.keyId }),
      });
    case 'oauth2':
      throw new ConfigError(
        'An OAuth 2.0 connection needs a token store to keep its tokens',
        'Pass options.tokenStore (e.g. openVault({ dir }).tokenStore()) or options.auth = createOAuthAuth({ … }) to createClient',
      );
  }
}

function requireContext(oauth: OAuthResolveContext | undefined, what: string): OAuthResolveContext {
  if (!oauth)
    throw new ConfigError(`A ${what} connection needs the instance URL`, 'Create it with createClient(config)');
  return oauth;
}

/** Strategy options of the grants that need no person; tokens stay in memory unless a store is given. */
function grantOptions(
  auth: { readonly clientId: string; readonly clientSecret?: string; readonly tokenUrl?: string },
  oauth: OAuthResolveContext,
): GrantAuthOptions {
  return {
    ...fromClient(oauth),
    clientId: auth.clientId,
    ...(auth.clientSecret === undefined || auth.clientSecret === '' ? {} : { clientSecret: auth.clientSecret }),
    tokenUrl: auth.tokenUrl ?? oauthEndpoints(oauth.instanceUrl).tokenUrl,
    instanceUrl: oauth.instanceUrl,
  };
}

/** What a strategy that needs no person takes from the client: connection name, store, logger, clock, pool. */
function fromClient(oauth: OAuthResolveContext) {
  return {
    connectionName: oauth.connectionName,
    // Tokens are cheap to re-obtain without a person, so memory is the default store.
    ...(oauth.tokenStore === undefined ? {} : { tokenStore: oauth.tokenStore }),
    ...(oauth.logger === undefined ? {} : { logger: oauth.logger }),
    ...(oauth.clock === undefined ? {} : { clock: oauth.clock }),
    // The client's own pool, so proxy, CA and mutual-TLS settings apply to token requests too.
    ...(oauth.dispatcher === undefined ? {} : { dispatcher: oauth.dispatcher }),
  };
}
