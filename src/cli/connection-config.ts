import type { ConnectionConfig } from '../lib/connection.js';
import { getConnection, type ConnectionProfile } from '../lib/config/connections.js';
import type { VaultSecrets } from '../lib/auth/vault.js';
import { CliError, usageError } from './cli-error.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';

/** A connection ready for the library: profile, secrets from the vault, env overrides applied. */
export interface ResolvedConnection {
  readonly profile: ConnectionProfile;
  readonly config: ConnectionConfig;
  readonly secrets: VaultSecrets;
}

/** Name used when a connection comes only from NOWREST_INSTANCE_URL/USER/PASSWORD. */
export const ENV_CONNECTION = 'env';

/** Loads a profile by name or fails with exit 4 and the command that creates it. */
export async function requireProfile(ctx: CliContext, name: string): Promise<ConnectionProfile> {
  const profile = await getConnection(ctx.configDir(), name);
  if (!profile) {
    throw new CliError('CLI_NO_CONNECTION', `no connection '${name}'`, {
      exitCode: ExitCode.notFound,
      remedy: `add it with \`nowrest connection add ${name} --base-url https://<instance>.service-now.com\` (see \`nowrest connection list\`)`,
    });
  }
  return profile;
}

/**
 * Builds the connection for `name`: the stored profile, its vault secrets, then NOWREST_INSTANCE_URL,
 * NOWREST_USER and NOWREST_PASSWORD on top, each announced on stderr (gh does the same) so nobody is
 * surprised by a shadowed credential. Without a name, a connection made only of env values is used.
 */
export async function resolveConnection(ctx: CliContext, name: string | undefined): Promise<ResolvedConnection> {
  const env = ctx.io.env;
  const envUrl = env['NOWREST_INSTANCE_URL'] || undefined;
  const envUser = env['NOWREST_USER'] || undefined;
  const envPassword = env['NOWREST_PASSWORD'] || undefined;
  ctx.addSecret(envPassword);

  let profile: ConnectionProfile;
  let secrets: VaultSecrets = {};
  if (name === undefined) {
    if (!envUrl) {
      throw usageError(
        'no connection given',
        'pass -c NAME or set NOWREST_CONNECTION (see `nowrest connection list`), or set NOWREST_INSTANCE_URL, NOWREST_USER and NOWREST_PASSWORD',
      );
    }
    profile = { name: ENV_CONNECTION, baseUrl: envUrl, auth: 'basic', ...(envUser ? { username: envUser } : {}) };
  } else {
    profile = await requireProfile(ctx, name);
    secrets = await (await ctx.openVault()).get(name);
    ctx.addSecret(secrets.password);
    ctx.addSecret(secrets.clientSecret);
    addPrivateKeySecret(ctx, secrets.privateKey);
    ctx.addSecret(secrets.tokens?.accessToken);
    ctx.addSecret(secrets.tokens?.refreshToken);
    if (envUrl && envUrl !== profile.baseUrl) {
      ctx.note(`NOWREST_INSTANCE_URL overrides the base URL of connection ${name}`);
      profile = { ...profile, baseUrl: envUrl };
    }
    if (envUser && profile.auth === 'basic' && envUser !== profile.username) {
      ctx.note(`NOWREST_USER overrides the stored user name of connection ${name}`);
      profile = { ...profile, username: envUser };
    }
    if (envPassword && profile.auth === 'basic') {
      ctx.note(
        secrets.password
          ? `NOWREST_PASSWORD overrides the stored password of connection ${name}`
          : `using NOWREST_PASSWORD for connection ${name}`,
      );
    }
  }

  const displayName = profile.name;
  ctx.errorContext = { ...ctx.errorContext, connection: displayName, auth: profile.auth };
  if (profile.auth === 'basic') {
    const password = envPassword ?? secrets.password;
    if (!profile.username) {
      throw usageError(
        `connection '${displayName}' has no user name`,
        `run \`nowrest connection edit ${displayName} --user NAME\` or set NOWREST_USER`,
      );
    }
    if (!password) {
      throw new CliError('CLI_NO_SECRET', `connection '${displayName}' has no stored password`, {
        exitCode: ExitCode.auth,
        remedy: `run \`nowrest connection edit ${displayName} --password-stdin\` or set NOWREST_PASSWORD`,
      });
    }
    return {
      profile,
      secrets,
      config: {
        name: displayName,
        baseUrl: profile.baseUrl,
        auth: { type: 'basic', username: profile.username, password },
      },
    };
  }
  if (!profile.clientId) {
    throw usageError(
      `connection '${displayName}' has no OAuth client id`,
      `run \`nowrest connection edit ${displayName} --client-id ID\``,
    );
  }
  if (profile.auth === 'jwt') return { profile, secrets, config: jwtConfig(profile, profile.clientId, secrets) };
  return {
    profile,
    secrets,
    config: {
      name: displayName,
      baseUrl: profile.baseUrl,
      auth: {
        type: 'oauth2',
        clientId: profile.clientId,
        ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}),
        ...(profile.authUrl ? { authUrl: profile.authUrl } : {}),
        ...(profile.tokenUrl ? { tokenUrl: profile.tokenUrl } : {}),
      },
    },
  };
}

/**
 * Registers a PEM key for scrubbing: the whole text and each line of its base64 body, so not even a fragment of
 * the key can be printed.
 */
export function addPrivateKeySecret(ctx: CliContext, pem: string | undefined): void {
  if (!pem) return;
  ctx.addSecret(pem);
  ctx.addSecret(pem.trim());
  for (const line of pem.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) ctx.addSecret(line.trim());
}

/** The library connection of a JWT bearer profile; fails naming the `connection edit` that fixes a gap. */
function jwtConfig(profile: ConnectionProfile, clientId: string, secrets: VaultSecrets): ConnectionConfig {
  const name = profile.name;
  if (!profile.subject) {
    throw usageError(
      `connection '${name}' has no JWT subject (the user its tokens act as)`,
      `run \`nowrest connection edit ${name} --subject USER\``,
    );
  }
  if (!secrets.privateKey) {
    throw new CliError('CLI_NO_SECRET', `connection '${name}' has no stored JWT signing key`, {
      exitCode: ExitCode.auth,
      remedy: `run \`nowrest connection edit ${name} --private-key-file key.pem\``,
    });
  }
  if (!secrets.clientSecret) {
    throw new CliError('CLI_NO_SECRET', `connection '${name}' has no stored client secret`, {
      exitCode: ExitCode.auth,
      remedy: `run \`nowrest connection edit ${name} --client-secret-stdin < secret.txt\` (the JWT bearer grant needs it)`,
    });
  }
  return {
    name,
    baseUrl: profile.baseUrl,
    auth: {
      type: 'jwt',
      clientId,
      clientSecret: secrets.clientSecret,
      subject: profile.subject,
      privateKey: secrets.privateKey,
      ...(profile.keyId ? { keyId: profile.keyId } : {}),
      ...(profile.tokenUrl ? { tokenUrl: profile.tokenUrl } : {}),
    },
  };
}
