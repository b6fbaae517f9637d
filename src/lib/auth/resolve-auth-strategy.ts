import type { AuthStrategy } from './auth-strategy.js';
import { createBasicAuth } from './basic-auth.js';
import type { ConnectionAuth } from '../connection.js';
import { ConfigError } from '../errors/config-error.js';

/**
 * Chooses the auth strategy for a connection. An explicit strategy (`options.auth`) always wins; that is how OAuth
 * connections are wired today: the caller builds `createOAuthAuth({ …, tokenStore })` and passes it in, because the
 * library cannot pick a token store on its own.
 *
 * @throws {ConfigError} for an OAuth connection without a strategy.
 */
export function resolveAuthStrategy(auth: ConnectionAuth, override?: AuthStrategy): AuthStrategy {
  if (override) return override;
  switch (auth.type) {
    case 'basic':
      return createBasicAuth({ username: auth.username, password: auth.password });
    case 'oauth2':
      throw new ConfigError(
        'An OAuth 2.0 connection needs a token store to keep its tokens',
        'Pass options.auth = createOAuthAuth({ instanceUrl, clientId, clientSecret, tokenStore }) to createClient',
      );
  }
}
