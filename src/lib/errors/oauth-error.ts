import { ServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';

/** Options for {@link OAuthError}. */
export interface OAuthErrorOptions extends ServiceNowErrorOptions {
  /** The `error` field of the token endpoint's answer, e.g. `server_error` or `invalid_grant`. */
  readonly oauthError?: string;
  /** The `error_description` field, e.g. `access_denied`. */
  readonly description?: string;
}

/** The OAuth token endpoint refused or failed. */
export class OAuthError extends ServiceNowError {
  readonly oauthError: string | undefined;
  readonly description: string | undefined;

  constructor(message: string, options: OAuthErrorOptions = {}, code = 'SN_OAUTH') {
    super(message, code, options);
    this.oauthError = options.oauthError;
    this.description = options.description;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), oauthError: this.oauthError, description: this.description };
  }
}

/**
 * The refresh token is gone, expired or refused: a person must sign in again. ServiceNow answers every token failure
 * with 401 `{"error":"server_error","error_description":"access_denied"}`, so this is the usual outcome.
 */
export class ReauthenticationRequiredError extends OAuthError {
  /** Why, as a stable value a caller can switch on (the message is for people). */
  readonly reason: ReauthenticationReason;
  constructor(message: string, options: OAuthErrorOptions & { readonly reason?: ReauthenticationReason } = {}) {
    super(message, options, 'SN_REAUTH_REQUIRED');
    this.reason = options.reason ?? 'refused';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/**
 * Why a sign-in is needed: no tokens stored; the refresh token was refused; the access token expired and
 * cannot be refreshed (an imported access token); or the tokens were issued for other connection settings.
 */
export type ReauthenticationReason = 'no-token' | 'refused' | 'expired' | 'other-settings';
