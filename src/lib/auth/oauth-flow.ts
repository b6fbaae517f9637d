/**
 * OAuth 2.0 building blocks for ServiceNow as the authorization server (reference §4.2): the authorize URL,
 * PKCE (RFC 7636, S256 only), `state`, and one function per grant at `/oauth_token.do`. No state of their
 * own: the strategy (oauth-auth.ts) and the sign-in (oauth-generate.ts) compose them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { ReauthenticationRequiredError } from '../errors/oauth-error.js';
import type { StoredTokens } from './token-store.js';
import { loadUndici } from '../transport/undici.js';
import { postTokenRequest, TokenEndpointError, type TokenEndpointOptions } from './oauth-token-endpoint.js';

export { type TokenEndpointOptions, TokenEndpointError } from './oauth-token-endpoint.js';

/** The three ServiceNow OAuth endpoints of an instance. */
export interface OAuthEndpoints {
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
}

/**
 * The OAuth endpoints of an instance, from its root URL (`https://dev1.service-now.com`, as
 * `normalizeBaseUrl().instanceUrl` gives it).
 */
export function oauthEndpoints(instanceUrl: string): OAuthEndpoints {
  const root = instanceUrl.replace(/\/+$/, '');
  return {
    authUrl: `${root}/oauth_auth.do`,
    tokenUrl: `${root}/oauth_token.do`,
    revokeUrl: `${root}/oauth_revoke_token.do`,
  };
}

/** Inputs of {@link buildAuthorizeUrl}. */
export interface AuthorizeUrlParams {
  readonly authUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
  /** Space-delimited; ServiceNow's default is `useraccount`. */
  readonly scope?: string;
  readonly state: string;
  /** The S256 PKCE challenge; omit only for confidential clients that do not use PKCE. */
  readonly codeChallenge?: string;
}

/** The URL to send the user's browser to (`/oauth_auth.do?response_type=code&…`). */
export function buildAuthorizeUrl(params: AuthorizeUrlParams): string {
  const url = new URL(params.authUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('scope', params.scope ?? 'useraccount');
  url.searchParams.set('state', params.state);
  if (params.codeChallenge !== undefined) {
    url.searchParams.set('code_challenge', params.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

/** A PKCE verifier and its S256 challenge. */
export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

/** A fresh PKCE pair: 32 random bytes base64url (43 chars, RFC 7636 §4.1) and SHA-256 of it, base64url. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** The S256 challenge of a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable `state` value (128 bits, base64url). */
export function randomState(): string {
  return randomBytes(16).toString('base64url');
}

/** Compares a returned `state` with the one sent, in constant time. */
export function stateMatches(expected: string, received: string | null | undefined): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Exchanges an authorization code for tokens (grant `authorization_code`).
 * @throws TokenEndpointError (an OAuthError) when the code is refused: used, expired, or bound elsewhere.
 */
export function exchangeCode(
  options: TokenEndpointOptions & {
    readonly code: string;
    readonly redirectUri: string;
    readonly codeVerifier?: string;
  },
): Promise<StoredTokens> {
  return postTokenRequest(options, 'authorization_code', {
    code: options.code,
    redirect_uri: options.redirectUri,
    ...(options.codeVerifier === undefined ? {} : { code_verifier: options.codeVerifier }),
  });
}

/** The message of every ReauthenticationRequiredError: it names the fix. */
export function reauthenticationMessage(connection: string, why: string): string {
  return `${why}. Run "nowrest oauth generate ${connection}" (or press Generate in the console) to sign in again.`;
}

/**
 * Uses a refresh token (grant `refresh_token`). ServiceNow does not rotate it, so the result keeps the old
 * refresh token when the answer omits it, and keeps its expiry when the same one comes back.
 * @throws ReauthenticationRequiredError when the server refuses (expired, revoked or unknown refresh token);
 *   ServiceNow says only 401 server_error/access_denied, so every refusal means "sign in again".
 */
export async function refreshAccessToken(
  options: TokenEndpointOptions & {
    readonly refreshToken: string;
    readonly connection?: string;
    readonly previous?: StoredTokens;
  },
): Promise<StoredTokens> {
  try {
    const next = await postTokenRequest(
      options,
      'refresh_token',
      { refresh_token: options.refreshToken },
      options.previous,
    );
    if (next.refreshToken !== undefined) return next;
    return {
      ...next,
      refreshToken: options.refreshToken,
      ...(options.previous?.refreshExpiresAt === undefined
        ? {}
        : { refreshExpiresAt: options.previous.refreshExpiresAt }),
    };
  } catch (error) {
    if (error instanceof TokenEndpointError && error.status >= 400 && error.status < 500) {
      throw new ReauthenticationRequiredError(
        reauthenticationMessage(
          options.connection ?? '<connection>',
          'The OAuth refresh token was refused (expired or revoked, or the client ID or secret changed)',
        ),
        {
          cause: error,
          ...(error.oauthError === undefined ? {} : { oauthError: error.oauthError }),
          ...(error.description === undefined ? {} : { description: error.description }),
        },
      );
    }
    throw error;
  }
}

/** Resource-owner password grant (`password`): a user's name and password for tokens. */
export function passwordGrant(
  options: TokenEndpointOptions & { readonly username: string; readonly password: string; readonly scope?: string },
): Promise<StoredTokens> {
  return postTokenRequest(options, 'password', {
    username: options.username,
    password: options.password,
    ...(options.scope === undefined ? {} : { scope: options.scope }),
  });
}

/** Client credentials grant; ServiceNow enables it only by a system property and issues no refresh token. */
export function clientCredentialsGrant(
  options: TokenEndpointOptions & { readonly scope?: string },
): Promise<StoredTokens> {
  return postTokenRequest(options, 'client_credentials', options.scope === undefined ? {} : { scope: options.scope });
}

/** Inputs of {@link revokeToken}. */
export interface RevokeTokenOptions {
  /** `https://<instance>/oauth_revoke_token.do`. */
  readonly revokeUrl: string;
  readonly token: string;
  readonly dispatcher?: Dispatcher;
  readonly signal?: AbortSignal;
}

/**
 * Revokes an access or refresh token with `GET /oauth_revoke_token.do?token=…` (no authentication, as
 * documented in OA-revoke). The token is in the URL because that is the documented form; it is dead the
 * moment the call succeeds, which limits what an access log could leak. Resolves true on a 2xx answer.
 */
export async function revokeToken(options: RevokeTokenOptions): Promise<boolean> {
  const url = new URL(options.revokeUrl);
  url.searchParams.set('token', options.token);
  const { request } = await loadUndici();
  const res = await request(url, {
    method: 'GET',
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  await res.body.dump();
  return res.statusCode >= 200 && res.statusCode < 300;
}
