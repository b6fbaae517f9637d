/**
 * How a connection proves who it is. Strategies are small factories (createBasicAuth, createOAuthAuth)
 * behind this one interface, as with octokit's auth hooks; the transport calls them for every request.
 */
export interface AuthStrategy {
  readonly kind: 'basic' | 'oauth2';
  /** Adds credentials to an outgoing request; may refresh a token first. */
  authorize(headers: Headers, signal?: AbortSignal): Promise<void>;
  /**
   * Called once after a 401; resolves true if replaying the request once is worthwhile. `sentAuthorization` is the
   * Authorization header the refused request carried, so a strategy can tell a stale token from a bad one.
   */
  onUnauthorized?(signal?: AbortSignal, sentAuthorization?: string | null): Promise<boolean>;
  /** Secret strings this strategy holds, so loggers and errors can redact them. */
  secrets(): readonly string[];
}
