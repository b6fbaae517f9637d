import { issuedForOtherSettings } from '../../lib/auth/token-binding.js';
import type { StoredTokens } from '../../lib/auth/token-store.js';

/**
 * A token's state in words, never the token itself: `none`, `valid until …`, `expired, refreshable`…, or
 * `issued for other settings…` when `binding` (what they must have been issued for) differs.
 */
export function tokenState(tokens: StoredTokens | undefined, now: number, binding?: string): string {
  if (!tokens) return 'none';
  if (issuedForOtherSettings(tokens.issuedFor, binding)) return 'issued for other settings; run oauth generate';
  if (tokens.expiresAt > now) return `valid until ${new Date(tokens.expiresAt).toISOString()}`;
  if (tokens.refreshToken && (tokens.refreshExpiresAt === undefined || tokens.refreshExpiresAt > now)) {
    return 'expired, refreshable';
  }
  return 'expired';
}
