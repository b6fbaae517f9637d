import { createHmac, randomBytes } from 'node:crypto';
import type { ConnectionProfile } from '../lib/config/connections.js';
import type { VaultSecrets } from '../lib/auth/vault.js';
import { formFromProfile, profileFromForm, type ConnectionForm } from './connection-form.js';

// A key of this launch only: the digests never leave memory, and one launch cannot be compared with another.
const KEY = randomBytes(32);

/** The secrets that decide what a Test Connection talks to (tokens are not settings). */
export type ConnectionSecrets = Pick<VaultSecrets, 'password' | 'clientSecret' | 'privateKey'>;

/**
 * A digest of a connection's settings (the non-secret profile and its secrets), to tell whether two sets of settings
 * are the same without keeping or comparing secrets in the clear. Kept in memory only.
 */
export function settingsKey(profile: ConnectionProfile, secrets: ConnectionSecrets): string {
  const fields = Object.entries(profile)
    .filter(([, value]) => value !== undefined && value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const used = [secrets.password ?? null, secrets.clientSecret ?? null, secrets.privateKey ?? null];
  return createHmac('sha256', KEY)
    .update(JSON.stringify([fields, used]))
    .digest('hex');
}

/** The secrets of a connection that a test uses: from the vault, or typed in the form where set there. */
export function secretsOf(stored: ConnectionSecrets, form?: ConnectionForm): ConnectionSecrets {
  const pick = (name: keyof ConnectionSecrets): ConnectionSecrets => {
    const value = form?.[name] ?? stored[name];
    return value === undefined ? {} : { [name]: value };
  };
  return { ...pick('password'), ...pick('clientSecret'), ...pick('privateKey') };
}

/** The stored profile as the editor would save it (OAuth URLs defaulted), to compare with the form's settings. */
export function savedSettingsKey(profile: ConnectionProfile, stored: ConnectionSecrets): string {
  return settingsKey(profileFromForm(formFromProfile(profile)), secretsOf(stored));
}
