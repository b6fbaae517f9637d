/**
 * `POST /oauth_token.do` (reference §4.2): the authorization_code, refresh_token, password and
 * client_credentials grants. Every failure is the same 401 ServiceNow sends, never an RFC 6749 error.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { canLogIn } from '../auth/caller.js';
import { verifyUserPassword } from '../auth/verify-user-password.js';
import type { EmulatorContext } from '../context.js';
import { findApp, type OAuthApp } from './apps.js';
import { findLiveToken, issueToken } from './credentials.js';
import type { FlowState } from './flow-state.js';
import { JWT_BEARER_GRANT, jwtBearerUser } from './jwt-bearer.js';

/** The one failure body, key order as ServiceNow sends it. */
export const TOKEN_FAILURE = { error_description: 'access_denied', error: 'server_error' } as const;

/** A token endpoint answer. */
export type TokenAnswer =
  | { readonly status: 200; readonly body: Record<string, unknown> }
  | { readonly status: 401; readonly body: typeof TOKEN_FAILURE };

const fail: TokenAnswer = { status: 401, body: TOKEN_FAILURE };
const CC_PROPERTY = 'glide.oauth.inbound.client.credential.grant_type.enabled';

/** Client credentials from an HTTP Basic header (RFC 6749 §2.3.1: form-urlencoded, then base64). */
export function basicClient(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^basic\s+(.+)$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const unescape = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
}

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Handles one token request; `form` is the parsed form body. */
export function handleTokenRequest(
  ctx: EmulatorContext,
  flow: FlowState,
  form: URLSearchParams,
  authorization: string | undefined,
): TokenAnswer {
  const basic = basicClient(authorization);
  const clientId = basic?.id ?? form.get('client_id') ?? undefined;
  const secret = basic?.secret ?? form.get('client_secret') ?? undefined;
  const app = findApp(ctx, clientId);
  if (!app) return fail;
  const secretOk =
    !app.publicClient && secret !== undefined && app.clientSecret !== '' && safeEqual(secret, app.clientSecret);
  // A secret sent by a public client, or a wrong one by a confidential client, is refused outright.
  if (secret !== undefined && secret !== '' && !secretOk) return fail;

  switch (form.get('grant_type') ?? '') {
    case 'authorization_code':
      return authorizationCode(ctx, flow, app, form, secretOk);
    case 'refresh_token':
      return refresh(ctx, app, form, secretOk);
    case 'password':
      return password(ctx, app, form, secretOk);
    case 'client_credentials':
      return clientCredentials(ctx, app, form, secretOk);
    case JWT_BEARER_GRANT: {
      // ServiceNow's JWT endpoint authenticates the client too; no refresh token: sign a new assertion instead.
      const user = secretOk ? jwtBearerUser(ctx, app.clientId, form.get('assertion') ?? '') : undefined;
      return user === undefined ? fail : success(ctx, app, user, form.get('scope') || 'useraccount', false);
    }
    default:
      return fail;
  }
}

function authorizationCode(
  ctx: EmulatorContext,
  flow: FlowState,
  app: OAuthApp,
  form: URLSearchParams,
  secretOk: boolean,
): TokenAnswer {
  const grant = flow.takeCode(form.get('code') ?? undefined);
  if (!grant || grant.clientId !== app.clientId) return fail;
  // RFC 6749 §4.1.3: the redirect_uri must be the one the code was issued for.
  if ((form.get('redirect_uri') ?? '') !== grant.redirectUri) return fail;
  const verifier = form.get('code_verifier') ?? undefined;
  if (grant.codeChallenge !== undefined) {
    // RFC 7636 §4.6: a code issued for a challenge needs the matching verifier, secret or not.
    if (verifier === undefined || !safeEqual(s256(verifier), grant.codeChallenge)) return fail;
  } else if (!secretOk) {
    return fail;
  }
  return success(ctx, app, grant.userSysId, grant.scope, true);
}

function refresh(ctx: EmulatorContext, app: OAuthApp, form: URLSearchParams, secretOk: boolean): TokenAnswer {
  if (!app.publicClient && !secretOk) return fail;
  const token = form.get('refresh_token') ?? '';
  const row = findLiveToken(ctx, token, 'refresh');
  if (!row || row.client_id !== app.clientId) return fail;
  const access = issueToken(ctx, 'access', {
    clientId: app.clientId,
    userSysId: row.user ?? '',
    scope: row.scope ?? '',
    lifespanS: app.accessLifespanS,
  });
  // OA-params: the refresh grant "always return[s] the current refresh token" — no rotation.
  return answer(access, token, row.scope ?? '', app.accessLifespanS);
}

function password(ctx: EmulatorContext, app: OAuthApp, form: URLSearchParams, secretOk: boolean): TokenAnswer {
  if (!app.publicClient && !secretOk) return fail;
  const user = verifyUserPassword(ctx.db, form.get('username') ?? '', form.get('password') ?? '', ctx.clock());
  if (!user) return fail;
  // OA-params: within the access token's lifetime ServiceNow returns the *current* token again. The emulator
  // keeps only SHA-256 hashes, so it cannot re-send a token; it issues a new pair (listed in DIVERGENCES).
  return success(ctx, app, user.sys_id ?? '', form.get('scope') || 'useraccount', true);
}

function clientCredentials(ctx: EmulatorContext, app: OAuthApp, form: URLSearchParams, secretOk: boolean): TokenAnswer {
  if (app.publicClient || !secretOk) return fail;
  const property = ctx.store.findBy('sys_properties', 'name', CC_PROPERTY);
  if (property?.value !== 'true') return fail;
  // The token acts as the application's "OAuth Application User"; without one ServiceNow refuses the grant.
  const user = app.applicationUser === '' ? undefined : ctx.store.byId('sys_user', app.applicationUser);
  if (!user || !canLogIn(user)) return fail;
  // RFC 6749 §4.4.3: no refresh token for client credentials; the key is left out of the answer.
  return success(ctx, app, app.applicationUser, form.get('scope') || 'useraccount', false);
}

function success(
  ctx: EmulatorContext,
  app: OAuthApp,
  userSysId: string,
  scope: string,
  withRefresh: boolean,
): TokenAnswer {
  const grant = { clientId: app.clientId, userSysId, scope };
  const access = issueToken(ctx, 'access', { ...grant, lifespanS: app.accessLifespanS });
  const refreshToken = withRefresh
    ? issueToken(ctx, 'refresh', { ...grant, lifespanS: app.refreshLifespanS })
    : undefined;
  return answer(access, refreshToken, scope, app.accessLifespanS);
}

function answer(access: string, refreshToken: string | undefined, scope: string, lifespanS: number): TokenAnswer {
  // Key order as observed on real instances; expires_in is the lifespan minus one (1800 → 1799).
  const body: Record<string, unknown> = { access_token: access };
  if (refreshToken !== undefined) body.refresh_token = refreshToken;
  body.scope = scope;
  body.token_type = 'Bearer';
  body.expires_in = Math.max(lifespanS - 1, 0);
  return { status: 200, body };
}

const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');
