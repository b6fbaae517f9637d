/**
 * What a set of OAuth tokens was issued for: the instance the REST calls go to, the token endpoint and the client
 * ID. Stored beside the tokens (`StoredTokens.issuedFor`, not a secret) so that a connection whose settings were
 * changed afterwards never sends them (or posts its refresh token) somewhere else: it asks for a new sign-in.
 */
export interface TokenBindingParts {
  /** The instance root or base URL the tokens are used against; only its origin counts. */
  readonly instanceUrl?: string | undefined;
  readonly tokenUrl: string;
  readonly clientId: string;
}

/** The binding string, e.g. `https://dev1.service-now.com https://dev1.service-now.com/oauth_token.do abc123`. */
export function tokenBinding(parts: TokenBindingParts): string {
  const origin = originOf(parts.instanceUrl ?? parts.tokenUrl);
  return `${origin} ${parts.tokenUrl.replace(/\/+$/, '')} ${parts.clientId}`;
}

/** True when `issuedFor` is known and differs from `binding` (tokens stored before bindings existed pass). */
export function issuedForOtherSettings(issuedFor: string | undefined, binding: string | undefined): boolean {
  return issuedFor !== undefined && binding !== undefined && issuedFor !== binding;
}

/** The message part shared by the library, the CLI and the console. */
export const OTHER_SETTINGS_REASON =
  'were issued for other connection settings (a different instance, token URL or client ID), so they are not sent';

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
