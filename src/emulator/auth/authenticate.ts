import { createHash } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { formatDateTime } from '../store/date-time.js';
import { callerFromUser, canLogIn, type Caller } from './caller.js';
import { verifyUserPassword } from './verify-user-password.js';

/** The outcome of authenticating one request. */
export type AuthResult = { readonly caller: Caller } | { readonly failure: 'basic' | 'bearer' };

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Resolves the caller of an /api/* request (reference §4): `Authorization: Basic`, `Authorization: Bearer`
 * or `?access_token=`. Bearer tokens are looked up by SHA-256 in oauth_credential (token_type 'access',
 * expires in the future by the emulator clock).
 */
export function authenticate(ctx: EmulatorContext, authorization: string | undefined, url: URL): AuthResult {
  const header = authorization?.trim() ?? '';
  const space = header.indexOf(' ');
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
  if (scheme === 'basic') return basic(ctx, header);
  const token = scheme === 'bearer' ? header.slice(space + 1).trim() : (url.searchParams.get('access_token') ?? '');
  if (token !== '') return bearer(ctx, token);
  return { failure: 'basic' };
}

function basic(ctx: EmulatorContext, header: string): AuthResult {
  const key = sha256(header);
  const cached = ctx.authCache.get(key);
  if (cached) return { caller: cached };
  const decoded = Buffer.from(header.slice(header.indexOf(' ') + 1).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { failure: 'basic' };
  const user = verifyUserPassword(ctx.db, decoded.slice(0, colon), decoded.slice(colon + 1), ctx.clock());
  if (!user) return { failure: 'basic' };
  const caller = callerFromUser(ctx.store, user);
  ctx.authCache.set(key, caller);
  return { caller };
}

function bearer(ctx: EmulatorContext, token: string): AuthResult {
  const credential = ctx.store
    .prepare(
      `SELECT "user" FROM "oauth_credential" WHERE "token" = ? AND "token_type" = 'access' AND "expires" > ? LIMIT 1`,
    )
    .get(sha256(token), formatDateTime(ctx.clock())) as { user: string } | undefined;
  if (!credential) return { failure: 'bearer' };
  const user = ctx.store.byId('sys_user', credential.user);
  if (!user || !canLogIn(user)) return { failure: 'bearer' };
  return { caller: callerFromUser(ctx.store, user) };
}
