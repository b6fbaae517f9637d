/**
 * The one HTTP call every grant makes: a form-encoded POST to ServiceNow's `/oauth_token.do`, parsed into
 * {@link StoredTokens}. ServiceNow answers every failure with 401 `{"error":"server_error",
 * "error_description":"access_denied"}` (reference §4.2), so failures carry the wire fields and the caller
 * decides what they mean (a failed refresh means "sign in again").
 */
import type { Dispatcher } from 'undici';
import { AbortError } from '../errors/abort-error.js';
import { ConnectionError, TimeoutError } from '../errors/connection-error.js';
import { OAuthError } from '../errors/oauth-error.js';
import { isCertificateCode } from '../transport/classify-error.js';
import { loadUndici } from '../transport/undici.js';
import type { StoredTokens } from './token-store.js';

/** What every token request needs besides its grant fields. */
export interface TokenEndpointOptions {
  /** `https://<instance>/oauth_token.do`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  /** Omitted for public (PKCE-only) clients. */
  readonly clientSecret?: string;
  /** An undici dispatcher for a custom CA, a proxy or tests; a function is read at request time. */
  readonly dispatcher?: Dispatcher | (() => Dispatcher | undefined);
  readonly signal?: AbortSignal;
  /** Deadline for the whole token request (default 30,000 ms): a refresh holds the vault lock meanwhile. */
  readonly timeoutMs?: number;
  /** Epoch-ms clock, injectable for tests (default `Date.now`). */
  readonly clock?: () => number;
  /**
   * The refresh token lifespan in seconds, used to estimate `refreshExpiresAt`: ServiceNow does not send it.
   * Default 8,640,000 s (100 days), the ServiceNow default for a new application registry entry.
   */
  readonly refreshTokenLifespanSeconds?: number;
}

/** The endpoint settings a caller's options carry (not its own deadline), without the undefined ones. */
export function tokenEndpointOf(
  options: Pick<
    TokenEndpointOptions,
    'tokenUrl' | 'clientId' | 'clientSecret' | 'dispatcher' | 'signal' | 'clock' | 'refreshTokenLifespanSeconds'
  >,
): TokenEndpointOptions {
  return {
    tokenUrl: options.tokenUrl,
    clientId: options.clientId,
    ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.refreshTokenLifespanSeconds === undefined
      ? {}
      : { refreshTokenLifespanSeconds: options.refreshTokenLifespanSeconds }),
  };
}

/** ServiceNow's default refresh token lifespan (reference §4.2). */
export const DEFAULT_REFRESH_LIFESPAN_SECONDS = 8_640_000;

/** A token endpoint failure as the server described it. */
export interface TokenEndpointFailure {
  readonly status: number;
  readonly error?: string;
  readonly description?: string;
}

/** Thrown by {@link postTokenRequest} when the server refuses; subclass of OAuthError with the status. */
export class TokenEndpointError extends OAuthError {
  readonly status: number;
  /** The grant_type that was refused, e.g. `client_credentials`. */
  readonly grant: string;
  constructor(failure: TokenEndpointFailure, grant: string) {
    const detail = [failure.error, failure.description].filter(Boolean).join(': ');
    super(`The ${grant} token request was refused (HTTP ${failure.status}${detail ? `, ${detail}` : ''})`, {
      ...(failure.error === undefined ? {} : { oauthError: failure.error }),
      ...(failure.description === undefined ? {} : { description: failure.description }),
    });
    this.status = failure.status;
    this.grant = grant;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, grant: this.grant };
  }
}

/**
 * POSTs `fields` (plus client_id and client_secret) form-encoded and parses the token answer.
 * @throws TokenEndpointError when the server refuses; ConnectionError/AbortError when no answer arrives;
 *   OAuthError when the answer is not a token response.
 */
export async function postTokenRequest(
  options: TokenEndpointOptions,
  grant: string,
  fields: Record<string, string>,
  previous?: StoredTokens,
): Promise<StoredTokens> {
  const body = new URLSearchParams({ grant_type: grant, ...fields, client_id: options.clientId });
  // The client secret goes in the body, the way ServiceNow documents it (r_OAuthAPIRequestParameters).
  if (options.clientSecret !== undefined && options.clientSecret !== '')
    body.set('client_secret', options.clientSecret);
  const now = options.clock ?? Date.now;
  const sentAt = now();
  const dispatcher = typeof options.dispatcher === 'function' ? options.dispatcher() : options.dispatcher;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let status: number;
  let text: string;
  const { request } = await loadUndici();
  try {
    const res = await request(options.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      ...(dispatcher === undefined ? {} : { dispatcher }),
      signal,
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (cause) {
    if (options.signal?.aborted === true) throw new AbortError('The token request was aborted', { cause });
    if (timeout.aborted) {
      throw new TimeoutError(`The token endpoint ${options.tokenUrl} did not answer in time`, { cause });
    }
    const systemCode = (cause as { code?: unknown }).code;
    // The message names only the URL: the body held the secrets, and undici errors do not echo it.
    // A certificate failure is named, with its fix: "could not reach" alone sends people looking at the network.
    const tls = typeof systemCode === 'string' && isCertificateCode(systemCode);
    const reason = tls ? `: TLS certificate rejected (${systemCode}); trust the instance's CA with the ca option` : '';
    throw new ConnectionError(`Could not reach the token endpoint ${options.tokenUrl}${reason}`, {
      cause,
      ...(typeof systemCode === 'string' ? { systemCode } : {}),
    });
  }
  const json = parseJson(text);
  if (status < 200 || status >= 300) {
    throw new TokenEndpointError(
      {
        status,
        ...(typeof json?.['error'] === 'string' ? { error: json['error'] } : {}),
        ...(typeof json?.['error_description'] === 'string' ? { description: json['error_description'] } : {}),
      },
      grant,
    );
  }
  const accessToken = json?.['access_token'];
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new OAuthError(`The token endpoint answered HTTP ${status} without an access token`);
  }
  const expiresIn = Number(json?.['expires_in']);
  const refreshToken = typeof json?.['refresh_token'] === 'string' ? json['refresh_token'] : undefined;
  const scope = typeof json?.['scope'] === 'string' ? json['scope'] : undefined;
  const lifespan = options.refreshTokenLifespanSeconds ?? DEFAULT_REFRESH_LIFESPAN_SECONDS;
  // ServiceNow does not rotate refresh tokens: when the same one comes back, its expiry has not moved.
  const refreshExpiresAt =
    refreshToken === undefined
      ? undefined
      : refreshToken === previous?.refreshToken && previous.refreshExpiresAt !== undefined
        ? previous.refreshExpiresAt
        : sentAt + lifespan * 1000;
  // Measured from when the request was sent, so a slow answer cannot make us think the token lives longer.
  const expiresAt = sentAt + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 0) * 1000;
  return {
    accessToken,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    expiresAt,
    ...(refreshExpiresAt === undefined ? {} : { refreshExpiresAt }),
    ...(scope === undefined ? {} : { scope }),
    tokenType: typeof json?.['token_type'] === 'string' ? json['token_type'] : 'Bearer',
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
