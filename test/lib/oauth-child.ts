// Child process for the two-process refresh test: opens the shared vault, makes one authenticated call
// through createClient (refreshing if needed), and prints the access token's fingerprint and the outcome.
import { createHash } from 'node:crypto';
import { createClient, openVault } from '../../src/lib/index.js';

const [, , emuUrl, vaultDir] = process.argv;
if (!emuUrl || !vaultDir) throw new Error('usage: oauth-child <emulator url> <vault dir>');
const vault = await openVault({ dir: vaultDir });
const sn = createClient(
  {
    name: 'shared',
    baseUrl: `${emuUrl}/api/now/v2`,
    auth: { type: 'oauth2', clientId: 'nowrest-demo', clientSecret: 'nowrest-demo-secret' },
  },
  { tokenStore: vault.tokenStore() },
);
try {
  const page = await sn.table('incident').list({ pageSize: 1 });
  const tokens = await vault.tokenStore().load('shared');
  const fp = createHash('sha256')
    .update(tokens?.accessToken ?? '')
    .digest('hex')
    .slice(0, 12);
  process.stdout.write(`${JSON.stringify({ ok: true, records: page.records.length, token: fp })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: String(error) })}\n`);
} finally {
  await sn.close();
}
