import type { ConnectionConfig } from '../lib/connection.js';
import { getConnection, type ConnectionProfile } from '../lib/config/connections.js';
import type { VaultSecrets } from '../lib/auth/vault.js';
import { connectionConfigOf } from '../lib/open-connection.js';
import { CliError, usageError } from './cli-error.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { envConnection, readEnvCredentials, type EnvCredentials } from './env-profile.js';
import { promptHidden } from './prompt.js';

/** A connection ready for the library: profile, secrets from the vault, env overrides applied. */
export interface ResolvedConnection {
  readonly profile: ConnectionProfile;
  readonly config: ConnectionConfig;
  readonly secrets: VaultSecrets;
  /** True when the connection came from the environment alone (no profile, no vault). */
  readonly fromEnv: boolean;
}

/** Name used when a connection comes only from the environment (NOWREST_BASE_URL, NOWREST_USER, …). */
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

/** What the run was given besides the connection: the one-time code of `--otp` (true: ask for it). */
export interface ResolveOptions {
  readonly otp?: string | true | undefined;
}

/**
 * Builds the connection for `name`: the stored profile, its vault secrets, then the NOWREST_* environment on
 * top, each override announced on stderr (gh does the same) so nobody is surprised by a shadowed credential.
 * Without a name, the connection is made of environment values alone (see env-profile.ts), so CI needs no
 * config directory. NOWREST_TOKEN, when set, is sent as a bearer token instead of any stored credential.
 */
export async function resolveConnection(
  ctx: CliContext,
  name: string | undefined,
  options: ResolveOptions = {},
): Promise<ResolvedConnection> {
  const env = readEnvCredentials(ctx.io.env);
  for (const secret of [env.password, env.clientSecret, env.token]) ctx.addSecret(secret);

  let profile: ConnectionProfile;
  let secrets: VaultSecrets;
  let fromEnv = false;
  if (name === undefined) {
    const made = envConnection(env, ENV_CONNECTION);
    ({ profile, secrets } = made);
    fromEnv = true;
  } else {
    profile = await requireProfile(ctx, name);
    secrets = await (await ctx.openVault()).get(name);
    ctx.addSecret(secrets.password);
    ctx.addSecret(secrets.clientSecret);
    addPrivateKeySecret(ctx, secrets.privateKey);
    ctx.addSecret(secrets.tokens?.accessToken);
    ctx.addSecret(secrets.tokens?.refreshToken);
    ({ profile, secrets } = applyEnvOverrides(ctx, profile, secrets, env));
  }

  const displayName = profile.name;
  ctx.errorContext = { ...ctx.errorContext, connection: displayName, auth: profile.auth };
  if (env.token !== undefined) {
    if (options.otp !== undefined)
      throw usageError('--otp does not apply to NOWREST_TOKEN', 'unset NOWREST_TOKEN or leave out --otp');
    if (!fromEnv)
      ctx.note(
        `NOWREST_TOKEN is set: sending it as a bearer token instead of the stored credentials of ${displayName}`,
      );
    ctx.errorContext.auth = 'token';
    return {
      profile,
      secrets,
      fromEnv,
      config: connectionConfigOf(profile, secrets, { bearerToken: env.token }),
    };
  }
  const otp = await oneTimeCode(ctx, profile, options.otp);
  if (otp !== undefined) ctx.errorContext.otp = true;
  const config = connectionConfig(profile, secrets, otp);
  return { profile, secrets, config, fromEnv };
}

/** NOWREST_BASE_URL/INSTANCE_URL, NOWREST_USER, NOWREST_PASSWORD and NOWREST_CLIENT_SECRET over a saved profile. */
function applyEnvOverrides(
  ctx: CliContext,
  stored: ConnectionProfile,
  storedSecrets: VaultSecrets,
  env: EnvCredentials,
): { profile: ConnectionProfile; secrets: VaultSecrets } {
  const name = stored.name;
  let profile = stored;
  let secrets = storedSecrets;
  if (env.baseUrl && env.baseUrl !== profile.baseUrl) {
    ctx.note(`NOWREST_BASE_URL overrides the base URL of connection ${name}`);
    profile = { ...profile, baseUrl: env.baseUrl };
  }
  const hasUser = profile.auth === 'basic' || profile.auth === 'password';
  if (env.user && hasUser && env.user !== profile.username) {
    ctx.note(`NOWREST_USER overrides the stored user name of connection ${name}`);
    profile = { ...profile, username: env.user };
  }
  if (env.password && hasUser) {
    ctx.note(
      secrets.password
        ? `NOWREST_PASSWORD overrides the stored password of connection ${name}`
        : `using NOWREST_PASSWORD for connection ${name}`,
    );
    secrets = { ...secrets, password: env.password };
  }
  if (env.clientSecret && profile.auth !== 'basic') {
    ctx.note(`using NOWREST_CLIENT_SECRET for connection ${name}`);
    secrets = { ...secrets, clientSecret: env.clientSecret };
  }
  return { profile, secrets };
}

/** The code of `--otp`, asked for on the terminal when given without a value; never stored. */
async function oneTimeCode(
  ctx: CliContext,
  profile: ConnectionProfile,
  otp: string | true | undefined,
): Promise<string | undefined> {
  if (otp === undefined) return undefined;
  if (profile.auth !== 'basic' && profile.auth !== 'password') {
    throw usageError(
      `--otp applies to Basic and password-grant sign-ins; connection '${profile.name}' uses ${profile.auth}`,
      'leave out --otp',
    );
  }
  let code = otp;
  if (code === true) {
    if (!ctx.io.isTTY.stdin || !ctx.io.isTTY.stderr) {
      throw usageError('--otp without a code needs a terminal to ask on', 'pass the code: --otp 123456');
    }
    code = (await promptHidden(ctx.io, `One-time code for ${profile.username ?? profile.name}: `)).trim();
  }
  ctx.addSecret(code);
  if (!/^\d{6,8}$/.test(code)) {
    throw usageError(
      '--otp takes the 6 to 8 digit code your authenticator shows',
      'pass it as --otp 123456, or put --otp last on the line to be asked for it',
    );
  }
  return code;
}

/**
 * The library connection of a profile with its secrets (lib's `connectionConfigOf`), after checking that nothing
 * it needs is missing; a gap fails naming the `connection edit` that fixes it.
 */
function connectionConfig(
  profile: ConnectionProfile,
  secrets: VaultSecrets,
  otp: string | undefined,
): ConnectionConfig {
  switch (profile.auth) {
    case 'basic':
      requireUser(profile);
      requirePassword(profile, secrets);
      break;
    case 'password':
      requireClientId(profile);
      requireUser(profile);
      requirePassword(profile, secrets);
      break;
    case 'client_credentials':
      requireClientId(profile);
      requireClientSecret(profile, secrets, 'the client credentials grant needs it');
      break;
    case 'jwt':
      requireClientId(profile);
      requireJwtFields(profile, secrets);
      break;
    case 'oauth2':
      requireClientId(profile);
      break;
  }
  return connectionConfigOf(profile, secrets, { otp });
}

function requireUser(profile: ConnectionProfile): string {
  if (profile.username) return profile.username;
  throw usageError(
    `connection '${profile.name}' has no user name`,
    profile.name === ENV_CONNECTION
      ? 'set NOWREST_USER'
      : `run \`nowrest connection edit ${profile.name} --user NAME\` or set NOWREST_USER`,
  );
}

function requirePassword(profile: ConnectionProfile, secrets: VaultSecrets): string {
  if (secrets.password) return secrets.password;
  throw new CliError('CLI_NO_SECRET', `connection '${profile.name}' has no stored password`, {
    exitCode: ExitCode.auth,
    remedy:
      profile.name === ENV_CONNECTION
        ? 'set NOWREST_PASSWORD'
        : `run \`nowrest connection edit ${profile.name} --password-stdin\` or set NOWREST_PASSWORD`,
  });
}

function requireClientId(profile: ConnectionProfile): string {
  if (profile.clientId) return profile.clientId;
  throw usageError(
    `connection '${profile.name}' has no OAuth client id`,
    profile.name === ENV_CONNECTION
      ? 'set NOWREST_CLIENT_ID'
      : `run \`nowrest connection edit ${profile.name} --client-id ID\``,
  );
}

function requireClientSecret(profile: ConnectionProfile, secrets: VaultSecrets, why: string): string {
  if (secrets.clientSecret) return secrets.clientSecret;
  throw new CliError('CLI_NO_SECRET', `connection '${profile.name}' has no stored client secret`, {
    exitCode: ExitCode.auth,
    remedy:
      profile.name === ENV_CONNECTION
        ? `set NOWREST_CLIENT_SECRET (${why})`
        : `run \`nowrest connection edit ${profile.name} --client-secret-stdin < secret.txt\` or set NOWREST_CLIENT_SECRET (${why})`,
  });
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

/** Checks what a JWT bearer profile needs; fails naming the `connection edit` that fixes a gap. */
function requireJwtFields(profile: ConnectionProfile, secrets: VaultSecrets): void {
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
  requireClientSecret(profile, secrets, 'the JWT bearer grant needs it');
}
