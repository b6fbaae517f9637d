import type { StoredTokens } from '../lib/auth/token-store.js';

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

/** Describes stored tokens for the list and the editor. */
export function describeTokens(tokens: StoredTokens | undefined, now: number = Date.now()): TokenStateView {
  if (tokens === undefined) return { set: false, expired: false, text: 'not set' };
  if (tokens.expiresAt > now) {
    return { set: true, expired: false, text: `encrypted (set), valid until ${formatUtc(tokens.expiresAt)}` };
  }
  const renew = tokens.refreshToken === undefined ? 'press Generate' : 'it will refresh on next use';
  return { set: true, expired: true, text: `encrypted (set), expired ${formatUtc(tokens.expiresAt)}; ${renew}` };
}
