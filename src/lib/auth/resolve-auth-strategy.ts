import type { AuthStrategy } from './auth-strategy.js';
import { createBasicAuth } from './basic-auth.js';
import type { ConnectionAuth } from '../connection.js';
import { ConfigError } from '../errors/config-error.js';
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
      return createBasicAuth({ username: auth.username, password: auth.password });
    case 'oauth2':
      throw new ConfigError(
        'An OAuth 2.0 connection needs a token store to keep its tokens',
        'Pass options.tokenStore (e.g. openVault({ dir }).tokenStore()) or options.auth = createOAuthAuth({ … }) to createClient',
      );
  }
}
