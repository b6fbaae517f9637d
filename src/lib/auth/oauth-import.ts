/**
 * `nowrest oauth import`: tokens obtained elsewhere (an admin's browser, another tool) stored for a connection,
 * bound to its settings like generated ones. A refresh token is tried at once, so a wrong or dead one is
 * reported now rather than on first use; an access token is stored as given and simply expires.
 */
import type { Dispatcher } from 'undici';
import { ConfigError } from '../errors/config-error.js';
import { refreshAccessToken } from './oauth-flow.js';
import { tokenEndpointOf } from './oauth-token-endpoint.js';
import { tokenBinding } from './token-binding.js';
import type { StoredTokens, TokenStore } from './token-store.js';

/** ServiceNow's default access token lifespan, assumed when an imported token's lifetime is not given. */
export const DEFAULT_ACCESS_LIFESPAN_SECONDS = 1800;

/** Options for {@link importTokens}. */
export interface ImportTokensOptions {
  readonly connection: string;
  readonly tokenStore: TokenStore;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** The instance the tokens are for (default: the token URL's origin). */
  readonly instanceUrl?: string;
  /** Exactly one of the two. */
  readonly refreshToken?: string;
  readonly accessToken?: string;
  /** Remaining lifetime of an imported access token; without it ServiceNow's default (1800 s) is assumed. */
  readonly expiresInSeconds?: number;
  readonly dispatcher?: Dispatcher | (() => Dispatcher | undefined);
  readonly clock?: () => number;
  readonly signal?: AbortSignal;
}

/** What was stored (never the tokens). */
export interface ImportTokensResult {
  readonly expiresAt: number;
  readonly expiryEstimated: boolean;
  readonly refreshable: boolean;
  readonly refreshExpiresAt?: number;
}

/**
 * Stores imported tokens for `connection`.
 * @throws {ConfigError} for an empty token, both or neither kind, or a token with whitespace inside;
 *   ReauthenticationRequiredError when the instance refuses the refresh token.
 */
export async function importTokens(options: ImportTokensOptions): Promise<ImportTokensResult> {
  const refresh = clean(options.refreshToken, 'refresh');
  const access = clean(options.accessToken, 'access');
  if ((refresh === undefined) === (access === undefined)) {
    throw new ConfigError('Import one token: a refresh token or an access token', 'Pass exactly one of them');
  }
  const now = options.clock ?? Date.now;
  const binding = tokenBinding(options);
  let tokens: StoredTokens;
  if (refresh !== undefined) {
    const fresh = await refreshAccessToken({
      ...tokenEndpointOf(options),
      refreshToken: refresh,
      connection: options.connection,
    });
    tokens = { ...fresh, origin: 'imported', issuedFor: binding };
  } else {
    const seconds = options.expiresInSeconds;
    if (seconds !== undefined && !(Number.isInteger(seconds) && seconds > 0)) {
      throw new ConfigError('The token lifetime must be a whole number of seconds above 0', 'e.g. 1800');
    }
    tokens = {
      accessToken: access as string,
      expiresAt: now() + (seconds ?? DEFAULT_ACCESS_LIFESPAN_SECONDS) * 1000,
      tokenType: 'Bearer',
      origin: 'imported',
      issuedFor: binding,
      ...(seconds === undefined ? { expiryEstimated: true } : {}),
    };
  }
  await options.tokenStore.save(options.connection, tokens);
  return {
    expiresAt: tokens.expiresAt,
    expiryEstimated: tokens.expiryEstimated === true,
    refreshable: tokens.refreshToken !== undefined,
    ...(tokens.refreshExpiresAt === undefined ? {} : { refreshExpiresAt: tokens.refreshExpiresAt }),
  };
}

function clean(token: string | undefined, kind: 'refresh' | 'access'): string | undefined {
  if (token === undefined) return undefined;
  const trimmed = token.trim();
  if (trimmed === '') throw new ConfigError(`The ${kind} token is empty`, 'Pipe the token itself on stdin');
  if (/\s/.test(trimmed)) {
    throw new ConfigError(
      `The ${kind} token contains whitespace`,
      'Pipe the token alone, without spaces or line breaks',
    );
  }
  return trimmed;
}
