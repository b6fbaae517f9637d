/**
 * The seam between connection config and the OAuth strategy: `createClient(config, { tokenStore })` on an
 * `oauth2` connection builds `createOAuthAuth` from the connection's client ID, secret and token URL.
 */
import type { Dispatcher } from 'undici';
import type { OAuthConnectionAuth } from '../connection.js';
import type { Logger } from '../logger.js';
import { createOAuthAuth } from './oauth-auth.js';
import { oauthEndpoints } from './oauth-flow.js';
import type { AuthStrategy } from './auth-strategy.js';
import type { TokenStore } from './token-store.js';

/** What `resolveAuthStrategy` needs to build an OAuth strategy. */
export interface OAuthResolveContext {
  readonly connectionName: string;
  /** The instance root, e.g. `https://dev1.service-now.com`. */
  readonly instanceUrl: string;
  readonly tokenStore?: TokenStore;
  readonly logger?: Logger;
  readonly clock?: () => number;
  /** The client's dispatcher, read when a token request is made. */
  readonly dispatcher?: () => Dispatcher | undefined;
}

/** Builds the OAuth strategy of an `oauth2` connection. */
export function oauthStrategyFor(
  auth: OAuthConnectionAuth,
  context: OAuthResolveContext,
  tokenStore: TokenStore,
): AuthStrategy {
  return createOAuthAuth({
    connectionName: context.connectionName,
    clientId: auth.clientId,
    ...(auth.clientSecret === undefined ? {} : { clientSecret: auth.clientSecret }),
    tokenUrl: auth.tokenUrl ?? oauthEndpoints(context.instanceUrl).tokenUrl,
    instanceUrl: context.instanceUrl,
    tokenStore,
    ...(context.logger === undefined ? {} : { logger: context.logger }),
    ...(context.clock === undefined ? {} : { clock: context.clock }),
    ...(context.dispatcher === undefined ? {} : { dispatcher: context.dispatcher }),
  });
}
