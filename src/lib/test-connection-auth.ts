/**
 * What Test Connection says when signing in fails: the grant by name, what went wrong, and the remedy that
 * fits that grant and failure. ServiceNow answers every token failure with the same 401 `access_denied`, so
 * the remedy lists what that grant needs rather than guessing which part was wrong.
 */
import { authMethodName, type ConnectionAuth } from './connection.js';
import { ReauthenticationRequiredError } from './errors/oauth-error.js';
import { TokenEndpointError } from './auth/oauth-token-endpoint.js';

/** A failed authentication stage's words. */
export interface AuthAdvice {
  readonly summary: string;
  readonly remedy: string;
}

/** The connection's name (for commands in remedies) and how it signs in. */
export interface AuthAdviceSubject {
  readonly name: string;
  readonly auth: { readonly type: ConnectionAuth['type']; readonly otp?: string | undefined };
}

const CC_REMEDY =
  'On the instance: set the OAuth Application User on the application registry entry (System OAuth > Application Registry; add the field with Configure > Form Design if it is not on the form) and the system property glide.oauth.inbound.client.credential.grant_type.enabled to true; then check the client ID and secret';

const JWT_REMEDY =
  "Check that the instance's JWT verifier map holds the public key of the signing key (same client ID and key id), that the subject is an active user, and the client ID and secret";

/** When the token endpoint or the token store refused before any API call. */
export function tokenFailureAdvice(connection: AuthAdviceSubject, error: unknown): AuthAdvice {
  const { name, auth } = connection;
  const method = authMethodName(auth);
  if (error instanceof ReauthenticationRequiredError) {
    switch (error.reason) {
      case 'no-token':
        return {
          summary: `No OAuth token is stored for connection ${name}`,
          remedy: `Sign in once: run \`nowrest oauth generate ${name}\` (or press Generate in the console); for a token obtained elsewhere, \`nowrest oauth import ${name} --refresh-token-stdin\``,
        };
      case 'expired':
        return {
          summary: `The stored access token of ${name} has expired and cannot be refreshed`,
          remedy: `Import a new token with \`nowrest oauth import ${name} --access-token-stdin\` (or --refresh-token-stdin), or sign in with \`nowrest oauth generate ${name}\``,
        };
      case 'other-settings':
        return {
          summary: `The stored tokens of ${name} were issued for other settings (instance, token URL or client ID)`,
          remedy: `Sign in again for the current settings: \`nowrest oauth generate ${name}\``,
        };
      case 'refused':
        if (auth.type === 'jwt') return { summary: `ServiceNow refused ${method}`, remedy: JWT_REMEDY };
        return {
          summary: 'ServiceNow refused the stored refresh token (expired, revoked, or the client changed)',
          remedy: `Sign in again: \`nowrest oauth generate ${name}\`, and check the client ID and secret`,
        };
    }
  }
  const refused =
    error instanceof TokenEndpointError
      ? ` (HTTP ${error.status}, ${error.description ?? error.oauthError ?? 'no reason given'})`
      : '';
  switch (auth.type) {
    case 'client_credentials':
      return { summary: `ServiceNow refused ${method}${refused}`, remedy: CC_REMEDY };
    case 'password':
      return {
        summary: `ServiceNow refused ${method}${refused}`,
        remedy:
          auth.otp === undefined
            ? 'Check the user name and password (active, not locked out), the client ID and secret; if the instance asks for multi-factor codes, pass --otp'
            : 'The one-time code may be wrong or expired (codes change every 30 s): run again with a fresh code, then check the password, client ID and secret. nowrest stored nothing and sent the code once, with no retries that could count toward a lockout',
      };
    case 'jwt':
      return { summary: `ServiceNow refused ${method}${refused}`, remedy: JWT_REMEDY };
    case 'basic':
    case 'token':
    case 'oauth2':
      return {
        summary: `ServiceNow refused the OAuth tokens${refused}`,
        remedy: `Generate a new OAuth token (\`nowrest oauth generate ${name}\`) and check the client ID and secret`,
      };
  }
}

/** When the API call itself answered 401. */
export function unauthorizedAdvice(connection: AuthAdviceSubject): AuthAdvice {
  const { name, auth } = connection;
  switch (auth.type) {
    case 'basic':
      return auth.otp === undefined
        ? {
            summary: 'ServiceNow rejected the user name and password (401)',
            remedy:
              'Check the user name and password (and that the user is active and not locked out); if the instance asks for multi-factor codes, pass --otp',
          }
        : {
            summary: 'ServiceNow refused the password and one-time code (401)',
            remedy:
              'The code may be wrong or expired (codes change every 30 s): run again with a fresh --otp, then check the password. nowrest stored nothing and sent the code once, with no retries that could count toward a lockout',
          };
    case 'token':
      return {
        summary: 'ServiceNow refused the bearer token (401): expired, revoked or for another instance',
        remedy: 'Get a new access token and set it again (NOWREST_TOKEN), or use a saved connection that can refresh',
      };
    case 'jwt':
      return { summary: 'ServiceNow rejected the JWT bearer token (401)', remedy: JWT_REMEDY };
    case 'client_credentials':
      return {
        summary: 'ServiceNow refused the client credentials token (401)',
        remedy: `Check that the OAuth Application User is active and may use REST; then run \`nowrest oauth reset ${name}\` and try again`,
      };
    case 'password':
    case 'oauth2':
      return {
        summary: `ServiceNow rejected the token of ${authMethodName(auth)} (401)`,
        remedy: `Sign in again (\`nowrest oauth generate ${name}\` or \`nowrest oauth reset ${name}\`) and check the client ID and secret`,
      };
  }
}
