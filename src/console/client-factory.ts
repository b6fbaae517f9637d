import { createOAuthAuth } from '../lib/auth/oauth-auth.js';
import { createClient, type ServiceNowClient } from '../lib/client.js';
import type { ConnectionProfile } from '../lib/config/connections.js';
import type { ConsoleContext } from './context.js';
import { oauthDefaults } from './connection-form.js';

/**
 * A library client for a stored connection, with its secrets from the vault and OAuth tokens read (and
 * refreshed tokens written back) through the vault's token store, exactly as the CLI does.
 *
 * @throws {ConfigError} when the profile is incomplete (e.g. no password stored); the message names the fix.
 */
export async function openClient(ctx: ConsoleContext, profile: ConnectionProfile): Promise<ServiceNowClient> {
  const vault = await ctx.vault();
  const secrets = await vault.get(profile.name);
  // The console waits for a person: fail fast rather than retry for minutes.
  const options = { logger: ctx.logger, timeoutMs: 30_000, connectTimeoutMs: 10_000, maxRetries: 1 };
  if (profile.auth === 'basic') {
    return createClient(
      {
        name: profile.name,
        baseUrl: profile.baseUrl,
        auth: { type: 'basic', username: profile.username ?? '', password: secrets.password ?? '' },
      },
      options,
    );
  }
  const clientId = profile.clientId ?? '';
  const tokenUrl = profile.tokenUrl ?? oauthDefaults(profile.baseUrl).tokenUrl;
  const auth = createOAuthAuth({
    connectionName: profile.name,
    clientId,
    tokenUrl,
    tokenStore: vault.tokenStore(),
    logger: ctx.logger,
    ...(secrets.clientSecret === undefined ? {} : { clientSecret: secrets.clientSecret }),
  });
  return createClient(
    {
      name: profile.name,
      baseUrl: profile.baseUrl,
      auth: {
        type: 'oauth2',
        clientId,
        tokenUrl,
        ...(profile.authUrl === undefined ? {} : { authUrl: profile.authUrl }),
      },
    },
    { ...options, auth },
  );
}

/** Runs `fn` with a client for the profile and always closes the client's connection pool. */
export async function withClient<T>(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  fn: (sn: ServiceNowClient) => Promise<T>,
): Promise<T> {
  const sn = await openClient(ctx, profile);
  try {
    return await fn(sn);
  } finally {
    await sn.close();
  }
}
