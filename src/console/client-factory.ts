import type { ServiceNowClient } from '../lib/client.js';
import type { ConnectionProfile } from '../lib/config/connections.js';
import { openConnection } from '../lib/open-connection.js';
import type { ConsoleContext } from './context.js';
import type { ConnectionSecrets } from './settings-key.js';

/**
 * A library client for a stored connection through lib's `openConnection`, exactly as the CLI opens one:
 * secrets from the vault, OAuth tokens read (and refreshed tokens written back) through the vault's token store.
 *
 * @throws {ConfigError} when the profile is incomplete or a file it names cannot be read; the message names the fix.
 */
export async function openClient(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  overrides: ConnectionSecrets = {},
): Promise<ServiceNowClient> {
  return openConnection(profile, {
    vault: await ctx.vault(),
    // Secrets typed in the editor but not saved yet (Test Connection of the form) take the place of stored ones.
    overrides,
    logger: ctx.logger,
    // The console waits for a person: fail fast rather than retry for minutes.
    clientOptions: { timeoutMs: 30_000, connectTimeoutMs: 10_000, maxRetries: 1 },
  });
}

/** Runs `fn` with a client for the profile and always closes the client's connection pool. */
export async function withClient<T>(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  fn: (sn: ServiceNowClient) => Promise<T>,
  overrides: ConnectionSecrets = {},
): Promise<T> {
  const sn = await openClient(ctx, profile, overrides);
  try {
    return await fn(sn);
  } finally {
    await sn.close();
  }
}
