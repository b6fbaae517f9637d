import { tokenCondition } from '../lib/auth/token-condition.js';
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
  return profile.auth === 'oauth2' && conditionOf(tokens, Date.now(), profile).state === 'other-settings';
}

function conditionOf(tokens: StoredTokens | undefined, now: number, profile: ConnectionProfile | undefined) {
  return tokenCondition(tokens, {
    now,
    ...(profile === undefined ? {} : { binding: profileTokenBinding(profile) }),
    selfRenewing: profile?.auth === 'password' || profile?.auth === 'client_credentials',
  });
}

/**
 * Describes stored tokens for the list and the editor (lib's `tokenCondition`, worded for the page). With the
 * saved `profile`, tokens issued for other settings (the instance, token URL or client ID changed since Generate)
 * are shown as needing a new Generate.
 */
export function describeTokens(
  tokens: StoredTokens | undefined,
  now: number = Date.now(),
  profile?: ConnectionProfile,
): TokenStateView {
  const condition = conditionOf(tokens, now, profile);
  const origin = tokens?.origin === 'imported' ? ' (imported)' : '';
  switch (condition.state) {
    case 'none':
      return { set: false, expired: false, text: 'not set' };
    case 'other-settings':
      return {
        set: true,
        expired: true,
        text: `encrypted (set), issued for other settings (the instance, token URL or client ID changed): ${
          condition.renewal === 'automatic' ? 'it will renew on next use' : 'press Generate'
        }`,
      };
    case 'valid': {
      const about = condition.estimated ? 'about ' : '';
      return {
        set: true,
        expired: false,
        text: `encrypted (set${origin}), valid until ${about}${formatUtc(condition.until)}`,
      };
    }
    case 'expired': {
      const renew =
        condition.renewal === 'automatic'
          ? 'it will renew on next use'
          : origin !== ''
            ? 'import a new one (nowrest oauth import) or press Generate'
            : 'press Generate';
      return {
        set: true,
        expired: true,
        text: `encrypted (set${origin}), expired ${formatUtc(condition.at)}; ${renew}`,
      };
    }
  }
}
