import { issuedForOtherSettings } from '../../lib/auth/token-binding.js';
import type { StoredTokens } from '../../lib/auth/token-store.js';

/**
 * A token's state in words, never the token itself: `none`, `valid until …`, `expired, refreshable`…, or
 * `issued for other settings…` when `binding` (what they must have been issued for) differs.
 */
export function tokenState(
  tokens: StoredTokens | undefined,
  now: number,
  binding?: string,
  grant?: 'password' | 'client_credentials',
): string {
  // The grants that need no person get a token on first use, and a new one whenever it runs out.
  if (!tokens) return grant === undefined ? 'none' : 'none yet (requested on first use)';
  if (grant !== undefined && tokens.expiresAt <= now) return 'expired, renewed on next use';
  if (issuedForOtherSettings(tokens.issuedFor, binding)) return 'issued for other settings; run oauth generate';
  if (tokens.expiresAt > now) {
    const until = new Date(tokens.expiresAt).toISOString();
    return tokens.expiryEstimated === true ? `valid until about ${until} (estimated)` : `valid until ${until}`;
  }
  if (tokens.refreshToken && (tokens.refreshExpiresAt === undefined || tokens.refreshExpiresAt > now)) {
    return 'expired, refreshable';
  }
  return 'expired';
}
