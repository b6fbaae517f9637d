import { issuedForOtherSettings } from './token-binding.js';
import type { StoredTokens } from './token-store.js';

/**
 * What stored OAuth tokens are good for, in one set of rules that the CLI and the console both word from:
 * never the token itself.
 * - `none`: nothing stored;
 * - `other-settings`: issued for another instance, token URL or client ID, so the library will not send them;
 * - `valid` until `until` (`estimated` when an imported token's lifetime was a guess);
 * - `expired` at `at`.
 * `renewal` says how a new token comes: `automatic` (a grant that needs no person, or a live refresh token) or
 * `sign-in` (a person must sign in again).
 */
export type TokenCondition =
  | { readonly state: 'none'; readonly renewal: 'automatic' | 'sign-in' }
  | { readonly state: 'other-settings'; readonly renewal: 'automatic' | 'sign-in' }
  | { readonly state: 'valid'; readonly until: number; readonly estimated: boolean }
  | { readonly state: 'expired'; readonly at: number; readonly renewal: 'automatic' | 'sign-in' };

/** Inputs of {@link tokenCondition} besides the tokens. */
export interface TokenConditionOptions {
  readonly now: number;
  /** What the tokens must have been issued for (`tokenBinding`); omitted: not checked. */
  readonly binding?: string | undefined;
  /** True for the grants that need no person (`password`, `client_credentials`): they get a new token on their own. */
  readonly selfRenewing?: boolean;
}

/** The condition of a connection's stored tokens (see {@link TokenCondition}). */
export function tokenCondition(tokens: StoredTokens | undefined, options: TokenConditionOptions): TokenCondition {
  const selfRenewing = options.selfRenewing === true;
  if (tokens === undefined) return { state: 'none', renewal: selfRenewing ? 'automatic' : 'sign-in' };
  if (options.binding !== undefined && issuedForOtherSettings(tokens.issuedFor, options.binding)) {
    return { state: 'other-settings', renewal: selfRenewing ? 'automatic' : 'sign-in' };
  }
  if (tokens.expiresAt > options.now) {
    return { state: 'valid', until: tokens.expiresAt, estimated: tokens.expiryEstimated === true };
  }
  const refreshable =
    tokens.refreshToken !== undefined &&
    (tokens.refreshExpiresAt === undefined || tokens.refreshExpiresAt > options.now);
  return { state: 'expired', at: tokens.expiresAt, renewal: selfRenewing || refreshable ? 'automatic' : 'sign-in' };
}
