/**
 * `GET /oauth_auth.do` validation and the consent decision (reference §4.2, OA-code, OA-state, RFC 6749
 * §4.1, RFC 7636). Returns plain outcomes; routes/oauth.ts turns them into HTTP.
 */
import type { EmulatorContext } from '../context.js';
import { findApp } from './apps.js';
import type { PendingAuthorization } from './flow-state.js';
import { resolveRedirect } from './redirect-match.js';

/** What an authorize request leads to. */
export type AuthorizeOutcome =
  | { readonly kind: 'error-page'; readonly status: number; readonly message: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'ok'; readonly request: PendingAuthorization };

/** Validates an authorize request's query. Unknown extra parameters are ignored (n8n sends grant_type). */
export function validateAuthorize(ctx: EmulatorContext, query: URLSearchParams): AuthorizeOutcome {
  const app = findApp(ctx, query.get('client_id') ?? undefined);
  if (!app)
    return {
      kind: 'error-page',
      status: 400,
      message: 'Invalid client_id: no active OAuth application has this client ID.',
    };
  const redirectUri = resolveRedirect(app.redirectUrl, query.get('redirect_uri') ?? undefined);
  // Never redirect to an unregistered URL: that would hand codes or errors to whoever named it.
  if (redirectUri === undefined) {
    return {
      kind: 'error-page',
      status: 400,
      message: 'Invalid redirect_uri: it does not match a redirect URL registered for this application.',
    };
  }
  const state = query.get('state') ?? '';
  // glide.oauth.state.parameter.required is on by default on new instances (OA-state).
  if (state === '') return { kind: 'error-page', status: 400, message: 'Missing State parameter in request' };
  const back = (error: string, description: string): AuthorizeOutcome => ({
    kind: 'redirect',
    location: withParams(redirectUri, { error, error_description: description, state }),
  });
  if (query.get('response_type') !== 'code') return back('unsupported_response_type', 'response_type must be code');
  const challenge = query.get('code_challenge') ?? undefined;
  const method = query.get('code_challenge_method') ?? undefined;
  if (challenge !== undefined) {
    // Only S256: "plain" (also the RFC 7636 default when the method is omitted) offers no protection
    // against an intercepted authorize request, so the emulator refuses it.
    if (method !== 'S256') return back('invalid_request', 'code_challenge_method must be S256');
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return back('invalid_request', 'code_challenge is not a S256 value');
  } else if (app.publicClient) {
    return back('invalid_request', 'a public client must use PKCE (code_challenge with S256)');
  }
  return {
    kind: 'ok',
    request: {
      clientId: app.clientId,
      appName: app.name || app.clientId,
      redirectUri,
      scope: query.get('scope') || 'useraccount',
      state,
      ...(challenge === undefined ? {} : { codeChallenge: challenge }),
    },
  };
}

/** Adds query parameters to a redirect URI, keeping the ones it already has. */
export function withParams(uri: string, params: Record<string, string>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
