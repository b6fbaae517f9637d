import { readFile } from 'node:fs/promises';
import { createOAuthAuth } from '../lib/auth/oauth-auth.js';
import { createClient, type ServiceNowClient } from '../lib/client.js';
import type { ConnectionProfile } from '../lib/config/connections.js';
import { ConfigError } from '../lib/errors/config-error.js';
import type { ConsoleContext } from './context.js';
import { oauthDefaults } from './connection-form.js';
import type { ConnectionSecrets } from './settings-key.js';

/**
 * A library client for a stored connection, with its secrets from the vault and OAuth tokens read (and
 * refreshed tokens written back) through the vault's token store, exactly as the CLI does.
 *
 * @throws {ConfigError} when the profile is incomplete (e.g. no password stored); the message names the fix.
 */
export async function openClient(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  overrides: ConnectionSecrets = {},
): Promise<ServiceNowClient> {
  const vault = await ctx.vault();
  // Secrets typed in the editor but not saved yet (Test Connection of the form) take the place of stored ones.
  const secrets = { ...(await vault.get(profile.name)), ...overrides };
  // The console waits for a person: fail fast rather than retry for minutes.
  const options = {
    logger: ctx.logger,
    timeoutMs: 30_000,
    connectTimeoutMs: 10_000,
    maxRetries: 1,
    ...(await tlsFiles(profile)),
  };
  if (profile.auth === 'jwt') {
    // Tokens from the JWT bearer grant stay in this process's memory: a new assertion gets a new one.
    return createClient(
      {
        name: profile.name,
        baseUrl: profile.baseUrl,
        auth: {
          type: 'jwt',
          clientId: profile.clientId ?? '',
          clientSecret: secrets.clientSecret ?? '',
          subject: profile.subject ?? '',
          privateKey: secrets.privateKey ?? '',
          ...(profile.keyId === undefined ? {} : { keyId: profile.keyId }),
          ...(profile.tokenUrl === undefined ? {} : { tokenUrl: profile.tokenUrl }),
        },
      },
      options,
    );
  }
  if (profile.auth === 'password' || profile.auth === 'client_credentials') {
    // Tokens of the grants that need no person go to the vault like generated ones, so a new token is
    // requested only when the stored one runs out.
    const tokenUrl = profile.tokenUrl ?? oauthDefaults(profile.baseUrl).tokenUrl;
    const common = { clientId: profile.clientId ?? '', clientSecret: secrets.clientSecret ?? '', tokenUrl };
    return createClient(
      {
        name: profile.name,
        baseUrl: profile.baseUrl,
        auth:
          profile.auth === 'password'
            ? { type: 'password', ...common, username: profile.username ?? '', password: secrets.password ?? '' }
            : { type: 'client_credentials', ...common },
      },
      { ...options, tokenStore: vault.tokenStore() },
    );
  }
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

/**
 * The client certificate, its key and extra CAs the profile points at (set with the CLI), read per client.
 * @throws {ConfigError} naming the file when one cannot be read.
 */
async function tlsFiles(profile: ConnectionProfile): Promise<{ cert?: string; key?: string; ca?: string }> {
  const read = async (path: string | undefined, what: string) => {
    if (path === undefined) return undefined;
    try {
      return await readFile(path, 'utf8');
    } catch (cause) {
      throw new ConfigError(
        `Cannot read the ${what} ${path} of connection "${profile.name}"`,
        `Restore the file, or change the path in the connection's editor (or with nowrest connection edit ${profile.name})`,
        { cause },
      );
    }
  };
  const [cert, key, ca] = await Promise.all([
    read(profile.clientCertFile, 'client certificate'),
    read(profile.clientKeyFile, 'client key'),
    read(profile.caFile, 'CA file'),
  ]);
  return {
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    ...(ca === undefined ? {} : { ca }),
  };
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
