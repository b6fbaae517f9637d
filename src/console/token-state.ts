import { issuedForOtherSettings } from '../lib/auth/token-binding.js';
import type { StoredTokens } from '../lib/auth/token-store.js';
import { profileTokenBinding, type ConnectionProfile } from '../lib/config/connections.js';

/** How the page shows a connection's OAuth tokens, without ever showing them. */
export interface TokenStateView {
  readonly set: boolean;
  readonly expired: boolean;
  /** e.g. "not set", "encrypted (set), valid until 2026-11-28 18:40 UTC". */
  readonly text: string;
}

function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** True when the stored tokens were issued for other settings than `profile`'s, so the library will not send them. */
export function tokensForOtherSettings(tokens: StoredTokens | undefined, profile: ConnectionProfile): boolean {
  return profile.auth === 'oauth2' && issuedForOtherSettings(tokens?.issuedFor, profileTokenBinding(profile));
}

/**
 * Describes stored tokens for the list and the editor. With the saved `profile`, tokens issued for other
 * settings (the instance, token URL or client ID changed since Generate) are shown as needing a new Generate.
 */
export function describeTokens(
  tokens: StoredTokens | undefined,
  now: number = Date.now(),
  profile?: ConnectionProfile,
): TokenStateView {
  if (tokens === undefined) return { set: false, expired: false, text: 'not set' };
  if (profile !== undefined && tokensForOtherSettings(tokens, profile)) {
    return {
      set: true,
      expired: true,
      text: 'encrypted (set), issued for other settings (the instance, token URL or client ID changed): press Generate',
    };
  }
  const origin = tokens.origin === 'imported' ? ' (imported)' : '';
  if (tokens.expiresAt > now) {
    const about = tokens.expiryEstimated === true ? 'about ' : '';
    return {
      set: true,
      expired: false,
      text: `encrypted (set${origin}), valid until ${about}${formatUtc(tokens.expiresAt)}`,
    };
  }
  const selfRenewing = profile?.auth === 'password' || profile?.auth === 'client_credentials';
  const renew =
    selfRenewing || tokens.refreshToken !== undefined
      ? 'it will renew on next use'
      : tokens.origin === 'imported'
        ? 'import a new one (nowrest oauth import) or press Generate'
        : 'press Generate';
  return {
    set: true,
    expired: true,
    text: `encrypted (set${origin}), expired ${formatUtc(tokens.expiresAt)}; ${renew}`,
  };
}
