import type { VaultSecrets } from '../../lib/auth/vault.js';
import { listConnections } from '../../lib/config/connections.js';
import type { ConsoleContext } from '../context.js';
import type { ConnectionRow } from '../pages/connections-page.js';
import { savedSettingsKey } from '../settings-key.js';
import { describeTokens } from '../token-state.js';

/** The connections list: each saved connection with its token state and last test (stale once settings changed). */
export async function connectionRows(ctx: ConsoleContext): Promise<ConnectionRow[]> {
  const vault = await ctx.vault();
  const rows: ConnectionRow[] = [];
  for (const profile of await listConnections(ctx.configDir)) {
    const secrets: VaultSecrets = await vault.get(profile.name).catch(() => ({}));
    const lastTest = ctx.status.lastTest(profile.name);
    rows.push({
      profile,
      token: describeTokens(secrets.tokens, Date.now(), profile),
      lastTest,
      lastTestStale: lastTest !== undefined && lastTest.settings !== savedSettingsKey(profile, secrets),
    });
  }
  return rows;
}
