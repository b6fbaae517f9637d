/**
 * Issued tokens (oauth_credential). Only SHA-256 of a token is stored, so a leaked database holds no
 * usable token — which also means a token cannot be handed out twice (see token-grants.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context.js';
import { formatDateTime } from '../store/date-time.js';
import { newRowDefaults } from '../store/defaults.js';
import { randomId } from '../store/ids.js';
import type { Row } from '../store/store.js';

export type TokenKind = 'access' | 'refresh';

/** SHA-256 hex, the form tokens are stored and looked up in. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A fresh token: 32 random bytes, base64url. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Stores a newly issued token and returns it. */
export function issueToken(
  ctx: EmulatorContext,
  kind: TokenKind,
  grant: { clientId: string; userSysId: string; scope: string; lifespanS: number },
): string {
  const table = ctx.schema.table('oauth_credential');
  if (!table) throw new Error('emulator schema has no oauth_credential table');
  const token = newToken();
  const now = ctx.clock();
  ctx.store.insert(table.physical, {
    ...newRowDefaults(table, randomId(), 'system', now),
    token: hashToken(token),
    token_type: kind,
    user: grant.userSysId,
    client_id: grant.clientId,
    expires: formatDateTime(new Date(now.getTime() + grant.lifespanS * 1000)),
    scope: grant.scope,
  });
  return token;
}

/** The live (unexpired) credential row of a token of the given kind, if any. */
export function findLiveToken(ctx: EmulatorContext, token: string, kind: TokenKind): Row | undefined {
  return ctx.store
    .prepare(`SELECT * FROM "oauth_credential" WHERE "token" = ? AND "token_type" = ? AND "expires" > ? LIMIT 1`)
    .get(hashToken(token), kind, formatDateTime(ctx.clock())) as Row | undefined;
}

const expiredStamp = (ctx: EmulatorContext): string => formatDateTime(new Date(ctx.clock().getTime() - 1000));

/** Marks one token (either kind) expired; returns whether it existed. OA-revoke. */
export function revokeToken(ctx: EmulatorContext, token: string): boolean {
  const result = ctx.store
    .prepare(`UPDATE "oauth_credential" SET "expires" = ? WHERE "token" = ?`)
    .run(expiredStamp(ctx), hashToken(token));
  ctx.store.touch();
  return result.changes > 0;
}

/** Control plane: forces expiry of live tokens of a kind (optionally one client's); returns the count. */
export function expireTokens(ctx: EmulatorContext, kind: TokenKind | 'all', clientId?: string): number {
  const now = formatDateTime(ctx.clock());
  const clauses = [`"expires" > ?`];
  const params: string[] = [now];
  if (kind !== 'all') {
    clauses.push(`"token_type" = ?`);
    params.push(kind);
  }
  if (clientId !== undefined) {
    clauses.push(`"client_id" = ?`);
    params.push(clientId);
  }
  const result = ctx.store
    .prepare(`UPDATE "oauth_credential" SET "expires" = ? WHERE ${clauses.join(' AND ')}`)
    .run(expiredStamp(ctx), ...params);
  ctx.store.touch();
  return result.changes;
}
