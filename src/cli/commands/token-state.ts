import type { StoredTokens } from '../../lib/auth/token-store.js';

/** A token's state in words, never the token itself: `none`, `valid until …`, `expired, refreshable`… */
export function tokenState(tokens: StoredTokens | undefined, now: number): string {
  if (!tokens) return 'none';
  if (tokens.expiresAt > now) return `valid until ${new Date(tokens.expiresAt).toISOString()}`;
  if (tokens.refreshToken && (tokens.refreshExpiresAt === undefined || tokens.refreshExpiresAt > now)) {
    return 'expired, refreshable';
  }
  return 'expired';
}
