import { tokenCondition } from '../../lib/auth/token-condition.js';
import type { StoredTokens } from '../../lib/auth/token-store.js';

/**
 * A token's state in words (lib's `tokenCondition`), never the token itself: `none`, `valid until …`,
 * `expired, refreshable`…, or `issued for other settings…` when `binding` (what they must have been issued for)
 * differs.
 */
export function tokenState(
  tokens: StoredTokens | undefined,
  now: number,
  binding?: string,
  grant?: 'password' | 'client_credentials',
): string {
  // The grants that need no person get a token on first use, and a new one whenever it runs out.
  const selfRenewing = grant !== undefined;
  const condition = tokenCondition(tokens, { now, binding, selfRenewing });
  switch (condition.state) {
    case 'none':
      return selfRenewing ? 'none yet (requested on first use)' : 'none';
    case 'other-settings':
      return selfRenewing
        ? 'issued for other settings; renewed on next use'
        : 'issued for other settings; run oauth generate';
    case 'valid': {
      const until = new Date(condition.until).toISOString();
      return condition.estimated ? `valid until about ${until} (estimated)` : `valid until ${until}`;
    }
    case 'expired':
      if (condition.renewal === 'sign-in') return 'expired';
      return selfRenewing ? 'expired, renewed on next use' : 'expired, refreshable';
  }
}
